using KnowledgeBase.Retrieval;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// Ranks the lexical signals (<see cref="Signal.Words"/>, <see cref="Signal.Expansions"/>, <see cref="Signal.Bigrams"/>)
/// of a query with BM25 over the stored postings. The access filter and the query's text constraints act inside the
/// ranking: a passage the filter does not admit never gets a score, and phrase checks pick the top k among the passages
/// that satisfy them. One instance per store; its caches hold lengths and admitted sets across searches.
/// </summary>
public sealed class LexicalSearcher
{
    internal LexicalSearcher(LexicalDocumentAnalyzer analyzer, IOptions<LexicalOptions>? options = null)
    {
        _analyzer = analyzer;
        _options = options?.Value ?? new LexicalOptions();
        _postings = new PostingsCache(_options.PostingsCacheBytes);
    }

    private readonly LexicalDocumentAnalyzer _analyzer;
    private readonly LexicalOptions _options;
    private readonly LengthsCache _lengths = new();
    private readonly AllowedPassages _allowed = new();
    private readonly PostingsCache _postings;

    /// <summary>Adds each lexical signal's 1-based ranks of its top <paramref name="limit"/> passages to <paramref name="ranks"/>.</summary>
    /// <remarks>Cancellation is checked between terms, so an abandoned or timed-out request stops within one postings list.</remarks>
    public void Rank(SqliteConnection connection, RetrievalQuery query, SearchFilter filter, int limit, Dictionary<long, Dictionary<Signal, int>> ranks,
        CancellationToken cancellationToken = default)
    {
        if (limit <= 0 || query.Words.Count + query.Expansions.Count + query.Bigrams.Count == 0) return;
        // One read transaction: lengths, admitted set and postings all come from the same snapshot.
        SqliteDatabase.Execute(connection, "BEGIN");
        try
        {
            var view = _lengths.Current(connection, out var snapshotGeneration);
            // What is read from an older snapshot than the view must not be cached under the view's generation.
            var current = snapshotGeneration == view.Generation;
            var allowed = _allowed.For(connection, filter, view, current);
            using var postings = new PostingsReader(connection, current ? _postings : null, view);
            if (query.RequiredPhrases.Count > 0) allowed = HoldingPhraseBigrams(postings, view, query.RequiredPhrases, allowed);
            RankSignal(connection, postings, view, allowed, Signal.Words, LexicalField.Words, query.Words, query, limit, ranks, cancellationToken);
            RankSignal(connection, postings, view, allowed, Signal.Expansions, LexicalField.Words, query.Expansions, query, limit, ranks, cancellationToken);
            RankSignal(connection, postings, view, allowed, Signal.Bigrams, LexicalField.Bigrams, query.Bigrams, query, limit, ranks, cancellationToken);
        }
        finally
        {
            SqliteDatabase.Execute(connection, "COMMIT");
        }
    }

    /// <summary>
    /// Narrows the admitted passages to those holding every bigram of every required phrase, so the ranking and the
    /// phrase check that follows only see passages that can contain the phrases (without it a rare phrase made the
    /// check walk most of the collection: 4.5 s for one query at 1M passages). Null <paramref name="allowed"/> = all.
    /// </summary>
    private ulong[]? HoldingPhraseBigrams(PostingsReader postings, LengthsView view, IReadOnlyList<string> phrases, ulong[]? allowed)
    {
        var bigrams = phrases.SelectMany(_analyzer.PhraseBigrams).Distinct(StringComparer.Ordinal).ToList();
        if (bigrams.Count == 0) return allowed;
        var lengths = view.Lengths(LexicalField.Bigrams);
        var lists = bigrams.Select(b => postings.Read(LexicalField.Bigrams, b, lengths).DecodePids()).ToList();
        var narrowed = new ulong[(view.PidLimit + 63) >> 6];
        foreach (var pid in SortedIntersection.Of(lists))
        {
            if ((uint)(pid >> 6) >= (uint)narrowed.Length || (allowed is not null && !AllowedPassages.IsAllowed(allowed, pid))) continue;
            narrowed[pid >> 6] |= 1UL << pid;
        }
        return narrowed;
    }

    /// <summary>
    /// For each conjunction of word-index terms, the live passages holding all of them (an empty conjunction: all live
    /// passages). Reads through the same lengths and postings caches as <see cref="Rank"/>, in one read transaction.
    /// </summary>
    public long[] CountPassages(SqliteConnection connection, IReadOnlyList<IReadOnlyList<string>> conjunctions)
    {
        var counts = new long[conjunctions.Count];
        if (conjunctions.Count == 0) return counts;
        SqliteDatabase.Execute(connection, "BEGIN");
        try
        {
            var view = _lengths.Current(connection, out var snapshotGeneration);
            var lengths = view.Lengths(LexicalField.Words);
            using var postings = new PostingsReader(connection, snapshotGeneration == view.Generation ? _postings : null, view);
            // A term takes part in many conjunctions (every pair of renderings): decode its pids once per call.
            var decoded = new Dictionary<string, int[]>(StringComparer.Ordinal);
            int[] Pids(string term) => decoded.TryGetValue(term, out var pids)
                ? pids
                : decoded[term] = postings.Read(LexicalField.Words, term, lengths).DecodePids();
            for (var i = 0; i < conjunctions.Count; i++)
            {
                if (conjunctions[i].Count == 0) { counts[i] = view.Live; continue; }
                var lists = conjunctions[i].Distinct(StringComparer.Ordinal).Select(Pids).ToList();
                counts[i] = SortedIntersection.Of(lists).LongCount(pid => (uint)pid < (uint)lengths.Length && lengths[pid] != 0);
            }
        }
        finally
        {
            SqliteDatabase.Execute(connection, "COMMIT");
        }
        return counts;
    }

    private void RankSignal(SqliteConnection connection, PostingsReader postings, LengthsView view, ulong[]? allowed, Signal signal,
        LexicalField field, IReadOnlyList<string> terms, RetrievalQuery query, int limit, Dictionary<long, Dictionary<Signal, int>> ranks,
        CancellationToken cancellationToken)
    {
        if (terms.Count == 0) return;
        var lengths = view.Lengths(field);
        var scored = new List<ScoredTerm>(terms.Count);
        for (var i = 0; i < terms.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var term = terms[i];
            if (IndexOf(terms, term) < i) continue; // a repeated term counts once
            var weight = query.TermWeights.TryGetValue(term, out var w) ? w : 1f;
            scored.Add(new ScoredTerm(postings.Read(field, term, lengths), weight, view.Live, view.AverageLength(field), _options.K1, _options.B));
        }
        var scores = Bm25Accumulator.Rent(view.PidLimit);
        // Phrase checks drop candidates after ranking, so they need every candidate's score: no pruning then.
        var phrases = PhraseCheck.Applies(query);
        BoundedRanking.Accumulate(scores, scored, phrases || !_options.Pruning ? 0 : limit, lengths, allowed, cancellationToken);
        var top = phrases ? PassingPhraseCheck(connection, query, scores, limit) : TopScores.Best(scores, limit);
        var position = 0;
        foreach (var pid in top)
        {
            if (!ranks.TryGetValue(pid, out var bySignal)) ranks[pid] = bySignal = [];
            bySignal[signal] = ++position;
        }
    }

    /// <summary>The best <paramref name="limit"/> passages that pass the phrase check: first among the best few, then, only if they fall short, among all.</summary>
    private static List<int> PassingPhraseCheck(SqliteConnection connection, RetrievalQuery query, Bm25Accumulator scores, int limit)
    {
        var head = TopScores.Best(scores, 4 * limit).ToArray();
        var kept = PhraseCheck.Filter(connection, query, head, limit);
        return kept.Count < limit && scores.Count > head.Length ? PhraseCheck.Filter(connection, query, TopScores.All(scores), limit) : kept;
    }

    private static int IndexOf(IReadOnlyList<string> terms, string term)
    {
        for (var i = 0; i < terms.Count; i++)
            if (string.Equals(terms[i], term, StringComparison.Ordinal)) return i;
        return -1;
    }
}
