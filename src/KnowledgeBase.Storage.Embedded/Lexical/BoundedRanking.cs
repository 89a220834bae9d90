namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// Scores a signal's terms term-at-a-time, rarest (highest bound) first, and stops admitting new passages once no
/// unscored passage can reach the top k (the "quit/continue" strategy of Moffat and Zobel, with MaxScore's bounds):
/// when the k-th best score already exceeds the sum of the remaining terms' upper bounds, the remaining terms — the
/// common words and bigrams with the longest lists — only add to passages that already have a score. The top k is
/// exactly the exhaustive top k: a passage left out could score at most that sum.
/// </summary>
internal static class BoundedRanking
{
    /// <summary>Float sums and bounds are computed in different orders; the margin keeps the test on the safe side.</summary>
    private const float Margin = 1.001f;

    /// <summary>How often a ranking may pay for finding its k-th score (a pass over the scored passages).</summary>
    private const int MaxThresholdChecks = 3;

    /// <summary>
    /// Adds every term to <paramref name="scores"/>. With <paramref name="k"/> ≤ 0 every matching passage gets its full
    /// score (callers that filter candidates afterwards need all of them).
    /// </summary>
    public static void Accumulate(Bm25Accumulator scores, IReadOnlyList<ScoredTerm> terms, int k, ushort[] lengths, ulong[]? allowed,
        CancellationToken cancellationToken = default) =>
        Accumulate(scores, terms.Select(t => (t, lengths)).ToList(), k, allowed, cancellationToken);

    /// <summary>
    /// As above, for terms of several field groups scored into one sum (each term with its field's lengths): BM25F-like
    /// scoring of words and bigrams together, which the time signals use.
    /// </summary>
    public static void Accumulate(Bm25Accumulator scores, IReadOnlyList<(ScoredTerm Term, ushort[] Lengths)> terms, int k, ulong[]? allowed,
        CancellationToken cancellationToken = default)
    {
        var order = Enumerable.Range(0, terms.Count).OrderByDescending(i => terms[i].Term.UpperBound).ThenBy(i => i).ToArray();
        var remaining = 0f;
        foreach (var (term, _) in terms) remaining += term.UpperBound;
        var scoredOnly = false;
        var checks = 0;
        foreach (var index in order)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (term, lengths) = terms[index];
            if (k > 0 && !scoredOnly && checks < MaxThresholdChecks && scores.Count >= k && remaining * Margin < scores.MaxScore)
            {
                checks++;
                scoredOnly = TopScores.KthBest(scores, k) > remaining * Margin;
            }
            scores.Add(term, lengths, allowed, scoredOnly);
            remaining -= term.UpperBound;
        }
    }
}
