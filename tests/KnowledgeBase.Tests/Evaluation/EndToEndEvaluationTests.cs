using KnowledgeBase.Evaluation.Beir;
using KnowledgeBase.Evaluation.Runs;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Evaluation;

/// <summary>The eval runner over the real wiring (chunker, SQLite store, SearchService) on the committed small set: quality must not collapse.</summary>
public sealed class EndToEndEvaluationTests
{
    // Measured 2026-11-27 on main 352b8a4 (words + bigrams RRF, no expansion): nDCG@10 0.620, Recall@100 0.829 on eval-small.
    // The floors are about 15% below those figures, so a real regression (analysis, FTS query building, fusion, the
    // runner's document ranking) fails, while small tuning changes do not.
    private const double NdcgFloor = 0.52;
    private const double Recall100Floor = 0.70;

    [Fact]
    public async Task Small_set_scores_above_the_floor_with_every_query_timed()
    {
        var set = BeirDataset.Load(BeirDatasetTests.SmallSet);
        await using var services = TestServices.Create(TestServices.TempDirectory(), new Dictionary<string, string?> { ["KnowledgeBase:Retrieval:MaxTop"] = "300" });
        var evaluator = new KnowledgeBaseEvaluator(services.GetRequiredService<IKnowledgeStore>(), services.GetRequiredService<PassageChunker>(), services.GetRequiredService<SearchService>());

        await evaluator.IndexAsync(set.Corpus, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(set.Corpus.Count, (await services.GetRequiredService<IKnowledgeStore>().GetStatisticsAsync(TestContext.Current.CancellationToken)).Documents);

        var (result, outcomes) = await evaluator.RunAsync("kb", set.JudgedQueries, set.Qrels, h => h.DocumentId, new EvaluationSettings(),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(40, result.Queries);
        Assert.All(outcomes, o => Assert.Equal(o.Ranking.Count, o.Ranking.Distinct().Count()));
        Assert.All(outcomes, o => Assert.True(o.LatencyMs > 0));
        Assert.True(result.P95Ms >= result.P50Ms);
        Assert.True(result.Ndcg10 >= NdcgFloor, $"nDCG@10 {result.Ndcg10:F4} fell below the floor {NdcgFloor} ({result})");
        Assert.True(result.Recall100 >= Recall100Floor, $"Recall@100 {result.Recall100:F4} fell below the floor {Recall100Floor} ({result})");
        TestContext.Current.SendDiagnosticMessage(result.ToString());
    }

    [Fact]
    public async Task Corpus_entries_become_single_page_documents_keeping_their_id_and_title()
    {
        await using var services = TestServices.Create(TestServices.TempDirectory());
        var store = services.GetRequiredService<IKnowledgeStore>();
        var evaluator = new KnowledgeBaseEvaluator(store, services.GetRequiredService<PassageChunker>(), services.GetRequiredService<SearchService>());
        await evaluator.IndexAsync([new CorpusEntry("doc-1", "中华人民共和国民法典第一条", "为了保护民事主体的合法权益，制定本法。"), new CorpusEntry("doc-2", "只有标题", "")],
            cancellationToken: TestContext.Current.CancellationToken);

        var document = await store.GetDocumentAsync("doc-1", Security.AccessScope.Everything, TestContext.Current.CancellationToken);
        Assert.NotNull(document);
        Assert.Equal("中华人民共和国民法典第一条", document.Title);
        Assert.Equal(1, document.PageCount);
        // A title-only entry is still searchable: its title stands in as text.
        Assert.Single(await store.GetPassagesAsync("doc-2", Security.AccessScope.Everything, TestContext.Current.CancellationToken));
    }
}
