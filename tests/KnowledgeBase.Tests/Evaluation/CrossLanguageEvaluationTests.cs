using KnowledgeBase.Evaluation.Beir;
using KnowledgeBase.Evaluation.Runs;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Evaluation;

/// <summary>English questions over Chinese statutes, beside the same questions in Chinese, through the real wiring.</summary>
public sealed class CrossLanguageEvaluationTests
{
    // Measured 2026-11-27 (session 5) on eval-twins: English nDCG@10 0.448, Chinese 0.640. Without the library's choice
    // among renderings English fell to 0.357, without translation to 0. The floors sit about 15% below the figures.
    private const double EnglishNdcgFloor = 0.38;
    private const double EnglishToChineseRatioFloor = 0.6;

    [Fact]
    public async Task English_questions_find_the_chinese_articles_their_chinese_twins_find()
    {
        var directory = TestServices.Fixture("eval-twins");
        var english = BeirDataset.Load(directory);
        var chinese = BeirDataset.ReadQueries(Path.Combine(directory, "queries-zh.jsonl"));
        Assert.Equal(english.Queries.Select(q => q.Id), chinese.Select(q => q.Id));

        await using var services = TestServices.Create(TestServices.TempDirectory(), new Dictionary<string, string?> { ["KnowledgeBase:Retrieval:MaxTop"] = "300" });
        var evaluator = new KnowledgeBaseEvaluator(services.GetRequiredService<IKnowledgeStore>(), services.GetRequiredService<PassageChunker>(), services.GetRequiredService<SearchService>());
        await evaluator.IndexAsync(english.Corpus, cancellationToken: TestContext.Current.CancellationToken);

        var (inEnglish, _) = await evaluator.RunAsync("en", english.Queries, english.Qrels, h => h.DocumentId, new EvaluationSettings(),
            cancellationToken: TestContext.Current.CancellationToken);
        var (inChinese, _) = await evaluator.RunAsync("zh", chinese, english.Qrels, h => h.DocumentId, new EvaluationSettings(),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(30, inEnglish.Queries);
        Assert.True(inEnglish.Ndcg10 >= EnglishNdcgFloor, $"English nDCG@10 {inEnglish.Ndcg10:F4} fell below {EnglishNdcgFloor} ({inEnglish})");
        Assert.True(inEnglish.Ndcg10 >= EnglishToChineseRatioFloor * inChinese.Ndcg10,
            $"English {inEnglish.Ndcg10:F4} is below {EnglishToChineseRatioFloor} × Chinese {inChinese.Ndcg10:F4}");
        TestContext.Current.SendDiagnosticMessage($"{inEnglish} / {inChinese}");
    }
}
