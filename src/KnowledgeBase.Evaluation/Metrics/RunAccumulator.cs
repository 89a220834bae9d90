using KnowledgeBase.Evaluation.Beir;

namespace KnowledgeBase.Evaluation.Metrics;

/// <summary>Collects each query's ranking and latency during a run and averages them into an <see cref="EvalResult"/>.</summary>
public sealed class RunAccumulator(Qrels qrels)
{
    private readonly List<(double Ndcg10, double Recall10, double Recall100, double Mrr10)> _scores = [];
    private readonly List<double> _latencies = [];

    public int Count => _scores.Count;

    /// <summary>Scores one query's document ranking (best first) against the judgements.</summary>
    public void Add(string queryId, IReadOnlyList<string> ranking, double latencyMs)
    {
        var judged = qrels.For(queryId);
        _scores.Add((RankingMetrics.NdcgAt(ranking, judged, 10), RankingMetrics.RecallAt(ranking, judged, 10),
            RankingMetrics.RecallAt(ranking, judged, 100), RankingMetrics.ReciprocalRankAt(ranking, judged, 10)));
        _latencies.Add(latencyMs);
    }

    public EvalResult Result(string system)
    {
        double Mean(Func<(double, double, double, double), double> pick) => _scores.Count == 0 ? 0 : _scores.Average(pick);
        return new EvalResult(system, Mean(s => s.Item1), Mean(s => s.Item2), Mean(s => s.Item3), Mean(s => s.Item4), _scores.Count,
            _latencies.Count == 0 ? 0 : Percentiles.Of(_latencies, 50), _latencies.Count == 0 ? 0 : Percentiles.Of(_latencies, 95));
    }
}
