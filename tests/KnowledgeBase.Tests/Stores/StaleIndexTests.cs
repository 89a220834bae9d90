using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Lexical;
using KnowledgeBase.Storage.Embedded.Vectors;
using KnowledgeBase.Text;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// The embedded store records the fingerprint of the text analysis that built its lexical index, refuses to search an
/// index another analysis built (with the way out), and <see cref="SqliteKnowledgeStore.RebuildLexicalIndex"/> makes it
/// searchable again from the stored passages.
/// </summary>
public sealed class StaleIndexTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_index_built_by_another_text_analysis_is_refused_until_it_is_rebuilt()
    {
        await using var host = StoreHost.Create();
        await host.Store.UpsertManyAsync(StoreCorpus.All(), Ct);
        var query = new SearchRequest("冷链运输 甘蔗产业", new SearchFilter(AccessScope.Everything), 10);
        var before = (await host.Search.SearchAsync(query, Ct)).Results.Select(r => r.PassageId).ToList();
        Assert.Contains("dA:1", before);

        // A second installation over the same data directory whose chain has no traditional→simplified map.
        var database = host.Services.GetRequiredService<SqliteDatabase>();
        var shared = TestServices.Analyzer;
        var other = new TextAnalyzer(CharNormalizer.WidthAndCaseOnly, host.Services.GetRequiredService<ChineseSegmenter>(), host.Services.GetRequiredService<StopWords>());
        Assert.NotEqual(shared.Fingerprint, other.Fingerprint);
        var otherStore = new SqliteKnowledgeStore(database, other, host.Services.GetRequiredService<PassageVectorIndex>());
        Assert.True(otherStore.IsLexicalIndexStale());
        var refused = Assert.Throws<StaleIndexException>(() => otherStore.CountPassages([["冷链"]]));
        Assert.Contains($"kb reindex --data {database.DataDirectory}", refused.Message);
        Assert.DoesNotContain(database.DataDirectory, refused.PublicMessage);
        Assert.Contains("kb reindex", refused.PublicMessage);
        Assert.Equal((shared.Fingerprint, other.Fingerprint), (refused.IndexFingerprint, refused.CurrentFingerprint));

        var reports = new List<ReindexProgress>();
        var count = otherStore.RebuildLexicalIndex(new CollectedProgress(reports), Ct);
        Assert.Equal(StoreCorpus.All().Sum(d => d.Passages.Count), count);
        Assert.Equal(count, reports[^1].Done);
        Assert.False(otherStore.IsLexicalIndexStale());
        Assert.Equal(1, otherStore.CountPassages([["冷链"]])[0]);
        using (var connection = database.Open()) Assert.Empty(LexicalIndexCheck.Problems(connection));

        // Now the first installation's chain is the stranger: its searches are refused, with the reindex message.
        var e = await Assert.ThrowsAsync<StaleIndexException>(() => host.Search.SearchAsync(query, Ct));
        Assert.Contains("kb reindex", e.Message);

        // Rebuilt by its own chain, it answers exactly as before, and writes after the rebuild are searchable.
        host.Services.GetRequiredService<SqliteKnowledgeStore>().RebuildLexicalIndex(cancellationToken: Ct);
        Assert.Equal(before, (await host.Search.SearchAsync(query, Ct)).Results.Select(r => r.PassageId).ToList());
        await host.Store.UpsertAsync(StoreCorpus.Make("dF", "冷链物流补充", new Model.DocumentMetadata(), "冷链运输 冷链运输 冷链运输"), Ct);
        Assert.Contains("dF:0", (await host.Search.SearchAsync(query, Ct)).Results.Select(r => r.PassageId));
        using (var connection = database.Open()) Assert.Empty(LexicalIndexCheck.Problems(connection));
    }

    [Fact]
    public async Task A_new_store_records_the_fingerprint_of_the_chain_that_opens_it()
    {
        await using var host = StoreHost.Create();
        _ = host.Store;
        using var connection = host.Services.GetRequiredService<SqliteDatabase>().Open();
        Assert.Equal(TestServices.Analyzer.Fingerprint, AnalysisStamp.Recorded(connection, null));
        Assert.False(host.Services.GetRequiredService<SqliteKnowledgeStore>().IsLexicalIndexStale());
    }

    /// <summary>Collects reports as they are made (<see cref="Progress{T}"/> would post them to the thread pool).</summary>
    private sealed class CollectedProgress(List<ReindexProgress> reports) : IProgress<ReindexProgress>
    {
        public void Report(ReindexProgress value) => reports.Add(value);
    }
}
