using KnowledgeBase.Evaluation.Beir;
using KnowledgeBase.Evaluation.Metrics;
using KnowledgeBase.Evaluation.Runs;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Evaluation;

/// <summary>
/// Time-aware search end to end on the committed eval-policy set (questions that name a year, answered by passages that
/// say 今年 or 去年 in the right year's report): quality must stay above a floor, and well above the same search with
/// time turned off.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TimeEvaluationTests
{
    // Measured on eval-policy (kb eval, earlier weights): nDCG@10 0.84 with time, 0.55 without. The floor sits about 15% below;
    // the margin keeps the time signals from silently ceasing to matter.
    private const double NdcgFloor = 0.70;
    private const double MarginOverTimeOff = 0.15;

    [Fact]
    public async Task Questions_naming_a_year_score_above_the_floor_and_above_the_search_without_time()
    {
        var set = BeirDataset.Load(TestServices.Fixture("eval-policy"));
        var withTime = await EvaluateAsync(set, new Dictionary<string, string?>());
        var withoutTime = await EvaluateAsync(set, new Dictionary<string, string?> { ["KnowledgeBase:Time:Enabled"] = "false" });

        Assert.Equal(14, withTime.Queries);
        Assert.True(withTime.Ndcg10 >= NdcgFloor, $"nDCG@10 {withTime.Ndcg10:F4} with time fell below the floor {NdcgFloor} ({withTime})");
        Assert.True(withTime.Ndcg10 >= withoutTime.Ndcg10 + MarginOverTimeOff,
            $"with time {withTime.Ndcg10:F4} is not {MarginOverTimeOff} above without {withoutTime.Ndcg10:F4}");
        TestContext.Current.SendDiagnosticMessage($"time on {withTime} / off {withoutTime}");
    }

    private static async Task<EvalResult> EvaluateAsync(BeirDataset set, Dictionary<string, string?> settings)
    {
        settings["KnowledgeBase:Retrieval:MaxTop"] = "300";
        await using var services = TestServices.Create(TestServices.TempDirectory(), settings);
        var evaluator = new KnowledgeBaseEvaluator(services.GetRequiredService<IKnowledgeStore>(), services.GetRequiredService<PassageChunker>(), services.GetRequiredService<SearchService>());
        await evaluator.IndexAsync(set.Corpus, cancellationToken: TestContext.Current.CancellationToken);
        var (result, _) = await evaluator.RunAsync("kb", set.JudgedQueries, set.Qrels, h => h.DocumentId, new EvaluationSettings(), cancellationToken: TestContext.Current.CancellationToken);
        return result;
    }
}
