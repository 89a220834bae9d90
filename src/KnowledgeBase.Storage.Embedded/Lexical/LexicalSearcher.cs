using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage.Embedded.Time;
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
            if (query.Time is { } time)
            {
                if (time.StatedIn is { } span && Admitted(postings, view, Years(span).Select(TimeTerms.Stated), time.StatedSpanAtMost, allowed) is { } stated)
                    RankTimeSignal(connection, postings, view, stated, Signal.Time, query, limit, ranks, cancellationToken);
                if (time.DocumentIn is { } documents && Admitted(postings, view, Years(documents).Select(TimeTerms.Document), int.MaxValue, allowed) is { } dated
                    && (time.OwnTimeIn is not { } own || WithoutOtherwiseDated(postings, view, dated, own) is not null))
                    RankTimeSignal(connection, postings, view, dated, Signal.DocumentTime, query, limit, ranks, cancellationToken);
                if (time.AnyStated && Admitted(postings, view, [TimeTerms.AnyStated], int.MaxValue, allowed) is { } anyDate)
                    RankTimeSignal(connection, postings, view, anyDate, Signal.StatedDate, query, limit, ranks, cancellationToken);
            }
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

    private static IEnumerable<int> Years(Text.Time.YearSpan span) => Enumerable.Range(span.From, span.Length);

    /// <summary>
    /// Removes from <paramref name="dated"/> (in place) the passages that state years of their own but none of
    /// <paramref name="own"/> (<see cref="TimeConstraint.OwnTimeIn"/>); null when none is left.
    /// </summary>
    private static ulong[]? WithoutOtherwiseDated(PostingsReader postings, LengthsView view, ulong[] dated, Text.Time.YearSpan own)
    {
        var statesAny = Admitted(postings, view, [TimeTerms.AnyStated], int.MaxValue, dated);
        if (statesAny is null) return dated;
        var statesOwn = Admitted(postings, view, Years(own).Select(TimeTerms.Stated), int.MaxValue, statesAny);
        var any = false;
        for (var i = 0; i < dated.Length; i++)
        {
            dated[i] &= ~statesAny[i] | (statesOwn?[i] ?? 0UL);
            any |= dated[i] != 0;
        }
        return any ? dated : null;
    }

    /// <summary>
    /// The passages listed under any of the time <paramref name="terms"/> with a frequency (for <c>#y</c> terms: the length
    /// of the expression that states the year) of at most <paramref name="maxFrequency"/>, that <paramref name="allowed"/>
    /// admits: the admitted set of a time signal; null when there are none (the signal then ranks nothing).
    /// </summary>
    private static ulong[]? Admitted(PostingsReader postings, LengthsView view, IEnumerable<string> terms, int maxFrequency, ulong[]? allowed)
    {
        var lengths = view.Lengths(LexicalField.Words);
        var admitted = new ulong[(view.PidLimit + 63) >> 6];
        var any = false;
        foreach (var term in terms)
        {
            var list = postings.Read(LexicalField.Words, term, lengths);
            var buffer = TermPostings.BlockBuffer.ForThread(list.Blocks);
            foreach (var block in list.Blocks)
            {
                var n = PostingsCodec.Decode(block.Data, block.FirstPid, block.Count, buffer.Pids, buffer.Frequencies);
                for (var i = 0; i < n; i++)
                {
                    var pid = buffer.Pids[i];
                    if (buffer.Frequencies[i] > maxFrequency || (uint)(pid >> 6) >= (uint)admitted.Length) continue;
                    if (allowed is not null && !AllowedPassages.IsAllowed(allowed, pid)) continue;
                    admitted[pid >> 6] |= 1UL << pid;
                    any = true;
                }
            }
        }
        return any ? admitted : null;
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
        RankScored(connection, Scored(postings, view, field, terms, query, cancellationToken), allowed, signal, query, limit, ranks, view.PidLimit, cancellationToken);
    }

    /// <summary>
    /// A time signal: the passages <paramref name="admitted"/> (those of the query's time) ranked by BM25 of the query's
    /// words and bigrams summed, so a passage that says 2007年产量 still ranks for 2007年粮食产量 (no word 粮食产量 in it).
    /// </summary>
    private void RankTimeSignal(SqliteConnection connection, PostingsReader postings, LengthsView view, ulong[] admitted, Signal signal,
        RetrievalQuery query, int limit, Dictionary<long, Dictionary<Signal, int>> ranks, CancellationToken cancellationToken) =>
        RankScored(connection, [.. Scored(postings, view, LexicalField.Words, query.Words, query, cancellationToken), .. Scored(postings, view, LexicalField.Bigrams, query.Bigrams, query, cancellationToken)],
            admitted, signal, query, limit, ranks, view.PidLimit, cancellationToken);

    private List<(ScoredTerm Term, ushort[] Lengths)> Scored(PostingsReader postings, LengthsView view, LexicalField field, IReadOnlyList<string> terms, RetrievalQuery query,
        CancellationToken cancellationToken)
    {
        var lengths = view.Lengths(field);
        var scored = new List<(ScoredTerm, ushort[])>(terms.Count);
        for (var i = 0; i < terms.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var term = terms[i];
            if (IndexOf(terms, term) < i) continue; // a repeated term counts once
            var weight = query.TermWeights.TryGetValue(term, out var w) ? w : 1f;
            scored.Add((new ScoredTerm(postings.Read(field, term, lengths), weight, view.Live, view.AverageLength(field), _options.K1, _options.B), lengths));
        }
        return scored;
    }

    private void RankScored(SqliteConnection connection, List<(ScoredTerm Term, ushort[] Lengths)> scored, ulong[]? allowed, Signal signal, RetrievalQuery query,
        int limit, Dictionary<long, Dictionary<Signal, int>> ranks, int pidLimit, CancellationToken cancellationToken)
    {
        if (scored.Count == 0) return;
        var scores = Bm25Accumulator.Rent(pidLimit);
        // Phrase checks drop candidates after ranking, so they need every candidate's score: no pruning then.
        var phrases = PhraseCheck.Applies(query);
        BoundedRanking.Accumulate(scores, scored, phrases || !_options.Pruning ? 0 : limit, allowed, cancellationToken);
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
