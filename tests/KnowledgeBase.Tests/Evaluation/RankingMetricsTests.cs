using KnowledgeBase.Evaluation.Metrics;

namespace KnowledgeBase.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    // Graded judgements: e is the best document (3), b good (2), d marginal (1), f judged but not relevant (0).
    private static readonly Dictionary<string, int> Judged = new() { ["b"] = 2, ["d"] = 1, ["e"] = 3, ["f"] = 0 };
    private static readonly string[] Ranking = ["f", "b", "x", "d", "e"];

    [Fact]
    public void Ndcg_uses_linear_gain_and_log2_discount_over_the_ideal_order()
    {
        // By hand: DCG = 2/log2(3) + 1/log2(5) + 3/log2(6) = 1.26186 + 0.43068 + 1.16056 = 2.85309 (f at rank 1 gains nothing);
        // IDCG = 3/log2(2) + 2/log2(3) + 1/log2(4) = 3 + 1.26186 + 0.5 = 4.76186; nDCG@10 = 2.85309 / 4.76186 = 0.59916.
        Assert.Equal(0.59916, RankingMetrics.NdcgAt(Ranking, Judged, 10), 5);
    }

    [Fact]
    public void Ndcg_cut_at_k_keeps_the_full_ideal_list_up_to_k()
    {
        // By hand: DCG@3 = 2/log2(3) = 1.26186; IDCG@3 = 4.76186 (all three relevant fit in 3); 1.26186 / 4.76186 = 0.26499.
        Assert.Equal(0.26499, RankingMetrics.NdcgAt(Ranking, Judged, 3), 5);
        // By hand: IDCG@1 = 3 (e's grade); nothing relevant at rank 1 → 0.
        Assert.Equal(0, RankingMetrics.NdcgAt(Ranking, Judged, 1));
    }

    [Fact]
    public void Perfect_ranking_scores_one_and_a_repeated_document_counts_once()
    {
        Assert.Equal(1.0, RankingMetrics.NdcgAt(["e", "b", "d"], Judged, 10), 10);
        // By hand: [b, b, d] is read as [b, d]: DCG = 2/1 + 1/log2(3) = 2.63093; / 4.76186 = 0.55250.
        Assert.Equal(0.55250, RankingMetrics.NdcgAt(["b", "b", "d"], Judged, 10), 5);
    }

    [Fact]
    public void Recall_counts_relevant_documents_found_within_k()
    {
        // Relevant (grade > 0): b, d, e. Top 3 = f, b, x → 1 of 3. Top 5 holds all three.
        Assert.Equal(1.0 / 3, RankingMetrics.RecallAt(Ranking, Judged, 3), 10);
        Assert.Equal(1.0, RankingMetrics.RecallAt(Ranking, Judged, 5), 10);
        Assert.Equal(2.0 / 3, RankingMetrics.RecallAt(["b", "b", "e"], Judged, 3), 10);
    }

    [Fact]
    public void Reciprocal_rank_skips_judged_non_relevant_documents()
    {
        // f (grade 0) is at rank 1, b (grade 2) at rank 2 → 1/2; with k = 1 nothing relevant is in reach → 0.
        Assert.Equal(0.5, RankingMetrics.ReciprocalRankAt(Ranking, Judged, 10), 10);
        Assert.Equal(0, RankingMetrics.ReciprocalRankAt(Ranking, Judged, 1));
    }

    [Fact]
    public void Queries_without_relevant_documents_or_results_score_zero()
    {
        var none = new Dictionary<string, int> { ["a"] = 0 };
        Assert.Equal(0, RankingMetrics.NdcgAt(["a"], none, 10));
        Assert.Equal(0, RankingMetrics.RecallAt(["a"], none, 10));
        Assert.Equal(0, RankingMetrics.NdcgAt([], Judged, 10));
        Assert.Equal(0, RankingMetrics.ReciprocalRankAt([], Judged, 10));
    }

    [Fact]
    public void Percentiles_interpolate_between_closest_ranks()
    {
        // Sorted 10, 20, 30, 40: p50 at position 1.5 → 25; p95 at position 2.85 → 30 + 0.85 × 10 = 38.5.
        double[] latencies = [40, 10, 30, 20];
        Assert.Equal(25, Percentiles.Of(latencies, 50), 10);
        Assert.Equal(38.5, Percentiles.Of(latencies, 95), 10);
        Assert.Equal(7, Percentiles.Of([7.0], 95));
        Assert.True(double.IsNaN(Percentiles.Of([], 50)));
    }

    [Fact]
    public void Accumulator_averages_per_query_metrics_over_the_queries_added()
    {
        var qrels = new KnowledgeBase.Evaluation.Beir.Qrels([("q1", "a", 1), ("q2", "b", 1)]);
        var run = new RunAccumulator(qrels);
        run.Add("q1", ["a"], 10); // nDCG 1, MRR 1
        run.Add("q2", ["x", "b"], 30); // nDCG = (1/log2 3) / 1 = 0.63093, MRR 0.5
        var result = run.Result("t");
        Assert.Equal(2, result.Queries);
        Assert.Equal((1 + 0.63093) / 2, result.Ndcg10, 5);
        Assert.Equal(0.75, result.Mrr10, 10);
        Assert.Equal(1, result.Recall10, 10);
        Assert.Equal(20, result.P50Ms, 10);
    }

    [Fact]
    public void Json_line_round_trips_and_the_last_json_line_of_output_is_found()
    {
        var result = new EvalResult("x", 0.5, 0.6, 0.7, 0.4, 12, 3.25, 9.5);
        var json = result.ToJson();
        foreach (var key in new[] { "ndcg@10", "recall@10", "recall@100", "mrr@10", "queries", "p50Ms", "p95Ms" }) Assert.NotNull(json[key]);
        var output = "table row\n{\"not\":\"metrics\"}\n" + EvalResult.ToLine(json) + "\n";
        Assert.Equal(result, EvalResult.FromLastJsonLine("x", output));
        Assert.Null(EvalResult.FromLastJsonLine("x", "no json here\n"));
    }
}
