using KnowledgeBase.Storage.Embedded.Lexical;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// The pruned term-at-a-time ranking must return exactly the exhaustive top k (same pids, same order) while scoring
/// fewer passages; checked on seeded random postings shaped like a query's: a few rare terms and long common lists.
/// </summary>
public sealed class BoundedRankingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Passages = 20_000;

    private static (List<ScoredTerm> Terms, ushort[] Lengths) Query(Random random, int terms)
    {
        var lengths = new ushort[Passages];
        for (var i = 0; i < lengths.Length; i++) lengths[i] = (ushort)random.Next(20, 400);
        var scored = new List<ScoredTerm>();
        for (var t = 0; t < terms; t++)
        {
            // df from 5 to half the collection: rare terms and the long lists of common words and bigrams.
            var df = (int)Math.Pow(10, 0.7 + random.NextDouble() * 3.3);
            var pids = Enumerable.Range(0, Passages).OrderBy(_ => random.Next()).Take(df).Order().ToArray();
            var frequencies = pids.Select(_ => random.Next(10) == 0 ? random.Next(2, 7) : 1).ToArray();
            var postings = TermPostings.FromArrays(pids, frequencies, lengths);
            scored.Add(new ScoredTerm(postings, (float)(0.5 + random.NextDouble()), Passages, 200, 1.2f, 0.9f));
        }
        return (scored, lengths);
    }

    [Fact]
    public void Pruned_top_k_equals_the_exhaustive_top_k_and_scores_fewer_passages()
    {
        var random = new Random(7);
        var pruned = 0;
        for (var q = 0; q < 60; q++)
        {
            var (terms, lengths) = Query(random, random.Next(2, 9));
            var k = new[] { 1, 10, 100 }[q % 3];

            var exhaustive = Bm25Accumulator.Rent(Passages);
            BoundedRanking.Accumulate(exhaustive, terms, 0, lengths, null, Ct);
            var expected = TopScores.Best(exhaustive, k);
            var exhaustiveCount = exhaustive.Count;

            var bounded = Bm25Accumulator.Rent(Passages);
            BoundedRanking.Accumulate(bounded, terms, k, lengths, null, Ct);
            Assert.Equal(expected, TopScores.Best(bounded, k));
            Assert.True(bounded.Count <= exhaustiveCount);
            if (bounded.Count < exhaustiveCount) pruned++;
        }
        // The point of it: most such queries stop admitting passages before their longest lists.
        Assert.True(pruned > 30, $"pruning took effect on {pruned} of 60 queries");
    }

    [Fact]
    public void A_terms_upper_bound_is_at_least_what_it_adds_to_any_passage()
    {
        var random = new Random(11);
        var (terms, lengths) = Query(random, 6);
        foreach (var term in terms)
        {
            var alone = Bm25Accumulator.Rent(Passages);
            BoundedRanking.Accumulate(alone, [term], 0, lengths, null, Ct);
            Assert.True(alone.MaxScore <= term.UpperBound, $"{alone.MaxScore} > bound {term.UpperBound}");
            Assert.True(alone.MaxScore > 0.3f * term.UpperBound, "a bound this loose would never prune");
        }
    }
}
