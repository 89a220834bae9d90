using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded.Lexical;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>
/// Passage counts for term conjunctions, answered by the lexical word index: the live passages in the intersection of
/// the terms' postings lists (title, headings and body words, as the FTS5 word index counted them).
/// </summary>
public sealed class SqliteTermStatistics(SqliteDatabase database) : ITermStatistics
{
    private readonly LengthsCache _lengths = new();

    public IReadOnlyList<long> CountPassages(IReadOnlyList<IReadOnlyList<string>> conjunctions)
    {
        var counts = new long[conjunctions.Count];
        if (conjunctions.Count == 0) return counts;
        using var connection = database.Open();
        // One read snapshot for the lengths (liveness) and the postings.
        SqliteDatabase.Execute(connection, "BEGIN");
        try
        {
            var view = _lengths.Current(connection, out _);
            var lengths = view.Lengths(LexicalField.Words);
            using var postings = new PostingsReader(connection);
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
}
