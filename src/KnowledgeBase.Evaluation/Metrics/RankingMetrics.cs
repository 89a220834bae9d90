namespace KnowledgeBase.Evaluation.Metrics;

/// <summary>
/// Per-query ranking metrics computed the way trec_eval (and BEIR through pytrec_eval) computes them:
/// graded relevance with linear gain, log2 discount, a judged grade ≤ 0 counts as not relevant, and a document
/// that appears twice in a ranking counts only at its first position.
/// </summary>
public static class RankingMetrics
{
    /// <summary>
    /// nDCG@k = DCG@k / IDCG@k with DCG@k = Σ_{i=1..k} rel_i / log2(i + 1) (trec_eval <c>ndcg_cut</c>);
    /// IDCG@k is the DCG of the judged relevant documents sorted by grade. 0 when nothing is relevant.
    /// </summary>
    public static double NdcgAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgements, int k)
    {
        var ideal = judgements.Values.Where(r => r > 0).OrderDescending().Take(k).ToList();
        if (ideal.Count == 0) return 0;
        var idcg = 0.0;
        for (var i = 0; i < ideal.Count; i++) idcg += ideal[i] / Math.Log2(i + 2);
        var dcg = 0.0;
        var position = 0;
        foreach (var doc in Distinct(ranking).Take(k))
        {
            position++;
            if (judgements.TryGetValue(doc, out var grade) && grade > 0) dcg += grade / Math.Log2(position + 1);
        }
        return dcg / idcg;
    }

    /// <summary>Recall@k: the share of the judged relevant documents found in the first k. 0 when nothing is relevant.</summary>
    public static double RecallAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgements, int k)
    {
        var relevant = judgements.Count(j => j.Value > 0);
        if (relevant == 0) return 0;
        var found = Distinct(ranking).Take(k).Count(d => judgements.TryGetValue(d, out var grade) && grade > 0);
        return (double)found / relevant;
    }

    /// <summary>Reciprocal rank cut at k (BEIR's MRR@k): 1 / position of the first relevant document within the first k, else 0.</summary>
    public static double ReciprocalRankAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgements, int k)
    {
        var position = 0;
        foreach (var doc in Distinct(ranking).Take(k))
        {
            position++;
            if (judgements.TryGetValue(doc, out var grade) && grade > 0) return 1.0 / position;
        }
        return 0;
    }

    private static IEnumerable<string> Distinct(IEnumerable<string> ranking) => ranking.Distinct(StringComparer.Ordinal);
}
