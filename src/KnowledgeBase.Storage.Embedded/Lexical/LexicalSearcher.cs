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
public sealed class LexicalSearcher(IOptions<LexicalOptions>? options = null)
{
    private readonly LexicalOptions _options = options?.Value ?? new LexicalOptions();
    private readonly LengthsCache _lengths = new();
    private readonly AllowedPassages _allowed = new();
    private readonly PostingsCache _postings = new((options?.Value ?? new LexicalOptions()).PostingsCacheSize);

    /// <summary>Adds each lexical signal's 1-based ranks of its top <paramref name="limit"/> passages to <paramref name="ranks"/>.</summary>
    public void Rank(SqliteConnection connection, RetrievalQuery query, SearchFilter filter, int limit, Dictionary<long, Dictionary<Signal, int>> ranks)
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
            RankSignal(connection, postings, view, allowed, Signal.Words, LexicalField.Words, query.Words, query, limit, ranks);
            RankSignal(connection, postings, view, allowed, Signal.Expansions, LexicalField.Words, query.Expansions, query, limit, ranks);
            RankSignal(connection, postings, view, allowed, Signal.Bigrams, LexicalField.Bigrams, query.Bigrams, query, limit, ranks);
        }
        finally
        {
            SqliteDatabase.Execute(connection, "COMMIT");
        }
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
            for (var i = 0; i < conjunctions.Count; i++)
            {
                if (conjunctions[i].Count == 0) { counts[i] = view.Live; continue; }
                var lists = conjunctions[i].Distinct(StringComparer.Ordinal).Select(t => postings.Read(LexicalField.Words, t, lengths))
                    .OrderBy(p => p.Count).ToList();
                counts[i] = CountLiveIntersection(lists, lengths);
            }
        }
        finally
        {
            SqliteDatabase.Execute(connection, "COMMIT");
        }
        return counts;
    }

    /// <summary>Walks the shortest list and advances a cursor in each longer one (all are in pid order).</summary>
    private static long CountLiveIntersection(List<TermPostings> lists, ushort[] lengths)
    {
        var cursors = new int[lists.Count];
        long count = 0;
        var shortest = lists[0];
        for (var i = 0; i < shortest.Count; i++)
        {
            var pid = shortest.Pids[i];
            var inAll = true;
            for (var l = 1; l < lists.Count && inAll; l++)
            {
                var other = lists[l];
                var c = cursors[l];
                while (c < other.Count && other.Pids[c] < pid) c++;
                cursors[l] = c;
                inAll = c < other.Count && other.Pids[c] == pid;
            }
            if (inAll && (uint)pid < (uint)lengths.Length && lengths[pid] != 0) count++;
        }
        return count;
    }

    private void RankSignal(SqliteConnection connection, PostingsReader postings, LengthsView view, ulong[]? allowed, Signal signal,
        LexicalField field, IReadOnlyList<string> terms, RetrievalQuery query, int limit, Dictionary<long, Dictionary<Signal, int>> ranks)
    {
        if (terms.Count == 0) return;
        var lengths = view.Lengths(field);
        var scored = new List<ScoredTerm>(terms.Count);
        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            if (IndexOf(terms, term) < i) continue; // a repeated term counts once
            var weight = query.TermWeights.TryGetValue(term, out var w) ? w : 1f;
            scored.Add(new ScoredTerm(postings.Read(field, term, lengths), weight, view.Live, view.AverageLength(field), _options.K1, _options.B));
        }
        var scores = Bm25Accumulator.Rent(view.PidLimit);
        // Phrase checks drop candidates after ranking, so they need every candidate's score: no pruning then.
        var phrases = PhraseCheck.Applies(query);
        BoundedRanking.Accumulate(scores, scored, phrases || !_options.Pruning ? 0 : limit, lengths, allowed);
        var top = phrases
            ? PhraseCheck.Filter(connection, query, TopScores.All(scores), limit)
            : TopScores.Best(scores, limit);
        var position = 0;
        foreach (var pid in top)
        {
            if (!ranks.TryGetValue(pid, out var bySignal)) ranks[pid] = bySignal = [];
            bySignal[signal] = ++position;
        }
    }

    private static int IndexOf(IReadOnlyList<string> terms, string term)
    {
        for (var i = 0; i < terms.Count; i++)
            if (string.Equals(terms[i], term, StringComparison.Ordinal)) return i;
        return -1;
    }
}
