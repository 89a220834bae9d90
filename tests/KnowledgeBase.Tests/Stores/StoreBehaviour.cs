using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using static KnowledgeBase.Tests.Stores.StoreCorpus;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// The behaviour every <see cref="Storage.IKnowledgeStore"/> must show, run against each store by a concrete subclass:
/// ingest, cited search through the shared <see cref="SearchService"/>, filters, delete, idempotent re-ingest, replace,
/// and visibility decided inside the store.
/// </summary>
public abstract class StoreBehaviour
{
    /// <summary>A fresh, empty store; skips the test (visibly) when the store cannot run here.</summary>
    protected abstract Task<StoreHost> CreateHostAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<StoreHost> SeededAsync()
    {
        var host = await CreateHostAsync();
        foreach (var submission in All()) await host.Store.UpsertAsync(submission, Ct);
        return host;
    }

    private static async Task<IReadOnlyList<SearchHit>> SearchAsync(StoreHost host, string query, SearchFilter? filter = null) =>
        (await host.Search.SearchAsync(new SearchRequest(query, filter ?? new SearchFilter(Staff), Top: 50), Ct)).Results;

    private static async Task<SortedSet<string>> DocumentsFoundAsync(StoreHost host, string query, SearchFilter filter) =>
        new((await SearchAsync(host, query, filter)).Select(h => h.DocumentId), StringComparer.Ordinal);

    /// <summary>Reaches the first passage of every document (广西 in the Chinese ones, Guangxi in the English one).</summary>
    private const string Everywhere = "广西 Guangxi";

    [Theory]
    [InlineData("冷链运输", "dA:1")]
    [InlineData("互市贸易区", "dA:0")]
    [InlineData("甘蔗良种覆盖率", "dB:0")]
    [InlineData("横向生态补偿", "dD:0")]
    [InlineData("customs facilitation", "dE:1")]
    public async Task Search_ranks_the_passage_that_holds_the_words_first(string query, string expectedPassage)
    {
        await using var host = await SeededAsync();
        var hits = await SearchAsync(host, query);
        Assert.NotEmpty(hits);
        Assert.Equal(expectedPassage, hits[0].PassageId);
        var expected = All().SelectMany(s => s.Passages).Single(p => p.Id == expectedPassage);
        Assert.Equal(expected.Text, hits[0].Passage);
        Assert.Equal(expected.Page, hits[0].Page);
    }

    [Fact]
    public async Task Statistics_count_documents_and_passages()
    {
        await using var host = await SeededAsync();
        var stats = await host.Store.GetStatisticsAsync(Ct);
        Assert.Equal(All().Count, stats.Documents);
        Assert.Equal(All().Sum(s => s.Passages.Count), stats.Passages);
    }

    [Fact]
    public async Task Filters_by_year_range()
    {
        await using var host = await SeededAsync();
        Assert.Equal(["dA", "dC"], await DocumentsFoundAsync(host, Everywhere, new SearchFilter(Staff) { YearFrom = 2021, YearTo = 2022 }));
        Assert.Equal(["dB", "dD"], await DocumentsFoundAsync(host, Everywhere, new SearchFilter(Staff) { YearFrom = 2023 }));
    }

    [Fact]
    public async Task Filters_by_organisation_type_tag_and_language()
    {
        await using var host = await SeededAsync();
        Assert.Equal(["dC"], await DocumentsFoundAsync(host, Everywhere, new SearchFilter(Staff) { Organisations = ["广西社会科学院"] }));
        Assert.Equal(["dA", "dE"], await DocumentsFoundAsync(host, Everywhere, new SearchFilter(Staff) { DocumentTypes = ["研究报告"] }));
        Assert.Equal(["dA", "dE"], await DocumentsFoundAsync(host, Everywhere, new SearchFilter(Staff) { Tags = ["开放"] }));
        Assert.Equal(["dA", "dC"], await DocumentsFoundAsync(host, Everywhere, new SearchFilter(Staff) { Tags = ["金融", "边境贸易"] }));
        Assert.Equal(["dE"], await DocumentsFoundAsync(host, Everywhere, new SearchFilter(Staff) { Language = "en" }));
        Assert.Equal(["dB"], await DocumentsFoundAsync(host, Everywhere, new SearchFilter(Staff) { DocumentId = "dB" }));
        Assert.Empty(await DocumentsFoundAsync(host, Everywhere, new SearchFilter(Staff) { Organisations = ["崇左市政协"], Language = "en" }));
    }

    [Fact]
    public async Task Quoted_phrases_are_required_and_minus_terms_excluded()
    {
        await using var host = await SeededAsync();
        var both = (await SearchAsync(host, "口岸")).Select(h => h.PassageId).ToHashSet();
        Assert.Equal(["dA:0", "dA:1"], both.Order());
        Assert.Equal(["dA:0"], (await SearchAsync(host, "口岸 -冷链")).Select(h => h.PassageId));
        Assert.Equal(["dA:1"], (await SearchAsync(host, "口岸 \"果蔬进出口\"")).Select(h => h.PassageId));
    }

    [Fact]
    public async Task Delete_removes_exactly_its_passages()
    {
        await using var host = await SeededAsync();
        var before = await host.Store.GetStatisticsAsync(Ct);

        Assert.True(await host.Store.DeleteAsync("dA", Ct));

        var after = await host.Store.GetStatisticsAsync(Ct);
        Assert.Equal(before.Documents - 1, after.Documents);
        Assert.Equal(before.Passages - BorderTrade().Passages.Count, after.Passages);
        Assert.Null(await host.Store.GetDocumentAsync("dA", Staff, Ct));
        Assert.Empty(await host.Store.GetPassagesAsync("dA", Staff, Ct));
        Assert.DoesNotContain(await SearchAsync(host, "冷链运输 互市贸易区"), h => h.DocumentId == "dA");
        Assert.Equal(["dB", "dC", "dD", "dE"], await DocumentsFoundAsync(host, Everywhere, new SearchFilter(Staff)));
        Assert.False(await host.Store.DeleteAsync("dA", Ct));
    }

    [Fact]
    public async Task Re_ingesting_the_same_submission_changes_nothing()
    {
        await using var host = await SeededAsync();
        var stats = await host.Store.GetStatisticsAsync(Ct);
        var hits = (await SearchAsync(host, Everywhere)).Select(h => (h.PassageId, h.Passage)).ToList();

        foreach (var submission in All()) await host.Store.UpsertAsync(submission, Ct);

        Assert.Equal(stats, await host.Store.GetStatisticsAsync(Ct));
        Assert.Equal(hits, (await SearchAsync(host, Everywhere)).Select(h => (h.PassageId, h.Passage)).ToList());
        Assert.Equal(BorderTrade().Passages, await host.Store.GetPassagesAsync("dA", Staff, Ct));
    }

    [Fact]
    public async Task A_batch_write_leaves_what_the_same_writes_one_by_one_leave()
    {
        // The batch holds a later version of dA after the first: the later one must win, inside one batch too.
        var replacement = Make("dA", "崇左跨境劳务合作报告", new DocumentMetadata { Organisation = "崇左市政协", Language = "zh" },
            "中越跨境劳务合作试点进展顺利，广西将扩大试点范围。");
        IReadOnlyList<DocumentSubmission> writes = [.. All(), replacement];
        await using var batched = await CreateHostAsync();
        await batched.Store.UpsertManyAsync(writes, Ct);
        await using var oneByOne = await CreateHostAsync();
        foreach (var submission in writes) await oneByOne.Store.UpsertAsync(submission, Ct);

        Assert.Equal(await oneByOne.Store.GetStatisticsAsync(Ct), await batched.Store.GetStatisticsAsync(Ct));
        Assert.Equal(replacement.Passages, await batched.Store.GetPassagesAsync("dA", Staff, Ct));
        foreach (var query in new[] { Everywhere, "跨境劳务合作", "冷链运输", "customs facilitation" })
        {
            foreach (var scope in new[] { Staff, Anonymous, PartnerAScope })
            {
                var expected = (await SearchAsync(oneByOne, query, new SearchFilter(scope))).Select(h => (h.PassageId, h.Passage)).ToList();
                Assert.Equal(expected, (await SearchAsync(batched, query, new SearchFilter(scope))).Select(h => (h.PassageId, h.Passage)).ToList());
            }
        }
        Assert.DoesNotContain(await SearchAsync(batched, "冷链运输"), h => h.DocumentId == "dA");
    }

    [Fact]
    public async Task Replacing_a_document_replaces_its_passages()
    {
        await using var host = await SeededAsync();
        var before = await host.Store.GetStatisticsAsync(Ct);
        var replacement = Make("dA", "崇左跨境劳务合作报告",
            new DocumentMetadata { Organisation = "崇左市政协", Year = 2025, DocumentType = "研究报告", Tags = ["劳务"], Language = "zh" },
            "中越跨境劳务合作试点进展顺利，广西将扩大试点范围。");

        await host.Store.UpsertAsync(replacement, Ct);

        var after = await host.Store.GetStatisticsAsync(Ct);
        Assert.Equal(before.Documents, after.Documents);
        Assert.Equal(before.Passages - 1, after.Passages);
        Assert.Equal(replacement.Passages, await host.Store.GetPassagesAsync("dA", Staff, Ct));
        var document = await host.Store.GetDocumentAsync("dA", Staff, Ct);
        Assert.NotNull(document);
        Assert.Equal("崇左跨境劳务合作报告", document.Title);
        Assert.Equal(1, document.PassageCount);
        Assert.Equal(2025, document.Metadata.Year);
        Assert.Equal(["劳务"], document.Metadata.Tags);
        Assert.DoesNotContain(await SearchAsync(host, "冷链运输"), h => h.DocumentId == "dA");
        Assert.Equal("dA:0", (await SearchAsync(host, "跨境劳务合作"))[0].PassageId);
        Assert.Equal(["dA"], await DocumentsFoundAsync(host, Everywhere, new SearchFilter(Staff) { Tags = ["劳务"] }));
        Assert.Empty(await DocumentsFoundAsync(host, Everywhere, new SearchFilter(Staff) { Tags = ["边境贸易"] }));
    }

    [Fact]
    public async Task Documents_read_back_with_their_metadata()
    {
        await using var host = await SeededAsync();
        var expected = FinanceRestricted().Document;
        var document = await host.Store.GetDocumentAsync("dC", Staff, Ct);
        Assert.NotNull(document);
        Assert.Equal((expected.Id, expected.Title, expected.Source, expected.ContentHash, expected.MediaType, expected.PageCount, expected.PassageCount, expected.IngestedAt),
            (document.Id, document.Title, document.Source, document.ContentHash, document.MediaType, document.PageCount, document.PassageCount, document.IngestedAt));
        var m = document.Metadata;
        Assert.Equal(("广西社会科学院", 2022, "政策文件", "zh", Visibility.Restricted, false), (m.Organisation, m.Year, m.DocumentType, m.Language, m.Visibility, m.PendingReview));
        Assert.Equal(new DateOnly(2022, 6, 15), m.IssuedOn);
        Assert.Null((await host.Store.GetDocumentAsync("dA", Staff, Ct))!.Metadata.IssuedOn);
        Assert.Equal(["金融"], m.Tags);
        Assert.Equal([PartnerA], m.SharedWith);
        Assert.Equal(PartnerB, (await host.Store.GetDocumentAsync("dD", Staff, Ct))!.Metadata.OwnerOrganisation);
    }

    [Fact]
    public async Task Pages_read_back_in_order_whole_or_one_at_a_time()
    {
        await using var host = await CreateHostAsync();
        var single = BorderTrade();
        var pages = new List<DocumentPage> { new(1, "第一页：崇左市地处中越边境。"), new(2, "第二页：凭祥口岸。"), new(3, "第三页：冷链运输。") };
        await host.Store.UpsertAsync(single with { Document = single.Document with { PageCount = 3 }, Pages = pages }, Ct);

        Assert.Equal(pages, await host.Store.GetPagesAsync("dA", Anonymous, cancellationToken: Ct));
        Assert.Equal([pages[1]], await host.Store.GetPagesAsync("dA", Anonymous, 2, Ct));
        Assert.Empty(await host.Store.GetPagesAsync("dA", Anonymous, 4, Ct));
        Assert.Empty(await host.Store.GetPagesAsync("nope", Staff, cancellationToken: Ct));
    }

    [Fact]
    public async Task Content_hash_finds_a_document_the_scope_may_see()
    {
        await using var host = await SeededAsync();
        Assert.Equal("dB", (await host.Store.FindByContentHashAsync(RuralInternal().Document.ContentHash, Staff, Ct))?.Id);
        Assert.Null(await host.Store.FindByContentHashAsync(RuralInternal().Document.ContentHash, Anonymous, Ct));
        Assert.Null(await host.Store.FindByContentHashAsync(new string('0', 64), Staff, Ct));
    }

    public static TheoryData<string, string[]> VisibleDocuments => new()
    {
        { nameof(Staff), ["dA", "dB", "dC", "dD", "dE"] },
        { nameof(Anonymous), ["dA", "dE"] },
        { nameof(Member), ["dA", "dB", "dE"] },
        { nameof(PartnerAScope), ["dA", "dC", "dE"] },
        { nameof(PartnerBScope), ["dA", "dD", "dE"] },
    };

    [Theory]
    [MemberData(nameof(VisibleDocuments))]
    public async Task Each_scope_retrieves_reads_and_lists_exactly_what_it_may_see(string scopeName, string[] visible)
    {
        await using var host = await SeededAsync();
        var scope = Scope(scopeName);

        Assert.Equal(visible, await DocumentsFoundAsync(host, Everywhere, new SearchFilter(scope)));
        // Straight through the store too, with every signal's terms, so no fusion step could be hiding a leak.
        var query = host.Services.GetService(typeof(QueryAnalyzer)) is QueryAnalyzer analyzer ? analyzer.Analyze(Everywhere + " 融资 甘蔗 生态补偿", Ct).Retrieval : throw new InvalidOperationException();
        var candidates = await host.Store.RetrieveAsync(query, new SearchFilter(scope), 100, Ct);
        Assert.Equal(visible, candidates.Select(c => c.Document.Id).Distinct().Order(StringComparer.Ordinal));

        foreach (var id in new[] { "dA", "dB", "dC", "dD", "dE" })
        {
            var document = await host.Store.GetDocumentAsync(id, scope, Ct);
            var passages = await host.Store.GetPassagesAsync(id, scope, Ct);
            var pages = await host.Store.GetPagesAsync(id, scope, cancellationToken: Ct);
            if (visible.Contains(id))
            {
                Assert.Equal(id, document?.Id);
                Assert.NotEmpty(passages);
                Assert.Equal(All().Single(s => s.Document.Id == id).Pages, pages);
                Assert.Empty(await host.Store.GetPagesAsync(id, scope, 2, Ct));
            }
            else
            {
                Assert.Null(document);
                Assert.Empty(passages);
                Assert.Empty(pages);
            }
        }
    }
}
