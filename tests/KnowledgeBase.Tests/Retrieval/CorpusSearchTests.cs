using KnowledgeBase.Ingestion.Pipeline;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Retrieval;

/// <summary>
/// The spine end to end on real sample documents: ingest through the real pipeline into a fresh embedded store,
/// then search. The sample files live in ../shared/corpus (not all may be committed), so the fixture copies them.
/// </summary>
public sealed class SampleCorpusFixture : IAsyncLifetime
{
    public ServiceProvider? Services { get; private set; }
    public string? Chongzuo { get; private set; }
    public IReadOnlyList<IngestOutcome> Outcomes { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        var corpus = TestServices.SharedCorpus();
        if (corpus is null) return;
        Services = TestServices.Create(TestServices.TempDirectory());
        var pipeline = Services.GetRequiredService<IngestPipeline>();
        Chongzuo = Path.Combine(corpus, "chongzuo-cppcc-consultation-2024-08-08.txt");
        var files = new[]
        {
            Chongzuo,
            Path.Combine(corpus, "gov-work-report-2025.txt"),
            Path.Combine(corpus, "gov-work-report-2019-gbk.txt"),
            Path.Combine(corpus, "gov-work-report-2010.html"),
            Path.Combine(corpus, "regulations", "优化营商环境条例(2019-10-22).md"),
            Path.Combine(corpus, "regulations", "上海市经济技术开发区条例.md"),
        };
        var outcomes = new List<IngestOutcome>();
        foreach (var file in files) outcomes.Add(await pipeline.IngestFileAsync(file));
        Outcomes = outcomes;
    }

    public async ValueTask DisposeAsync()
    {
        if (Services is not null) await Services.DisposeAsync();
    }
}

public sealed class CorpusSearchTests(SampleCorpusFixture corpus) : IClassFixture<SampleCorpusFixture>
{
    private async Task<SearchResponse> Search(string query, int top = 5)
    {
        if (corpus.Services is null) Assert.Skip("../shared/corpus is not available");
        var search = corpus.Services.GetRequiredService<SearchService>();
        return await search.SearchAsync(new SearchRequest(query, new SearchFilter(AccessScope.Everything), top), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Every_sample_file_is_ingested()
    {
        if (corpus.Services is null) Assert.Skip("../shared/corpus is not available");
        Assert.All(corpus.Outcomes, o => Assert.True(o.Status == IngestStatus.Ingested, $"{o.Source}: {o.Status} {o.Reason}"));
    }

    [Theory]
    [InlineData("沿边产业园区政策", "沿边产业园区")]
    [InlineData("土地要素保障", "土地要素保障")]
    public async Task The_chongzuo_passage_that_says_it_comes_first(string query, string expected)
    {
        var response = await Search(query);
        var first = Assert.Single(response.Results.Take(1));
        Assert.Equal(corpus.Chongzuo, first.Source);
        Assert.Contains(expected, first.Passage);
        // The highlight ranges mark the words the user asked for.
        var marked = first.Highlights.Select(h => first.Passage[h[0]..h[1]]).ToList();
        Assert.Contains(marked, m => m.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Highlights_are_ranges_inside_the_passage()
    {
        var response = await Search("营商环境 政务服务", 10);
        Assert.NotEmpty(response.Results);
        foreach (var hit in response.Results)
        {
            Assert.NotEmpty(hit.Highlights);
            Assert.All(hit.Highlights, h => Assert.InRange(h[0], 0, h[1] - 1));
            Assert.All(hit.Highlights, h => Assert.InRange(h[1], 1, hit.Passage.Length));
        }
    }

    [Fact]
    public async Task Quoted_phrases_must_match_exactly_and_minus_excludes()
    {
        var phrase = await Search("\"招商引资\"", 20);
        Assert.NotEmpty(phrase.Results);
        Assert.All(phrase.Results, h => Assert.Contains("招商引资", h.Passage));

        var excluded = await Search("沿边产业园区 -东盟", 20);
        Assert.All(excluded.Results, h => Assert.DoesNotContain("东盟", h.Passage));
    }

    [Fact]
    public async Task Passages_cite_the_page_text_exactly()
    {
        if (corpus.Services is null) Assert.Skip("../shared/corpus is not available");
        var store = corpus.Services.GetRequiredService<KnowledgeBase.Storage.Embedded.SqliteKnowledgeStore>();
        var response = await Search("政府工作报告 就业", 10);
        foreach (var hit in response.Results.Where(h => h.Page == h.PageEnd))
        {
            var passage = (await store.GetPassagesAsync(hit.DocumentId, AccessScope.Everything, TestContext.Current.CancellationToken)).Single(p => p.Id == hit.PassageId);
            var page = store.GetPageText(hit.DocumentId, hit.Page)!;
            Assert.Equal(page[passage.StartOffset..passage.EndOffset], hit.Passage);
        }
    }

    [Fact]
    public async Task Re_ingesting_an_unchanged_file_changes_nothing()
    {
        if (corpus.Services is null) Assert.Skip("../shared/corpus is not available");
        var store = corpus.Services.GetRequiredService<IKnowledgeStore>();
        var before = await store.GetStatisticsAsync(TestContext.Current.CancellationToken);
        var again = await corpus.Services.GetRequiredService<IngestPipeline>().IngestFileAsync(corpus.Chongzuo!, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(IngestStatus.Unchanged, again.Status);
        Assert.Equal(before, await store.GetStatisticsAsync(TestContext.Current.CancellationToken));
    }
}
