using Microsoft.Data.Sqlite;
using KnowledgeBase.Retrieval;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// The query's hard text constraints (<see cref="RetrievalQuery.RequiredPhrases"/> must occur in the normalised passage
/// text, <see cref="RetrievalQuery.Excluded"/> must not), checked on candidates in ranking order, a batch at a time,
/// until the limit is filled or the candidates run out: the top k are the best k that satisfy them, never fewer than exist.
/// </summary>
internal static class PhraseCheck
{
    public static bool Applies(RetrievalQuery query) => query.RequiredPhrases.Count > 0 || query.Excluded.Count > 0;

    public static List<int> Filter(SqliteConnection connection, RetrievalQuery query, int[] ranked, int limit)
    {
        var kept = new List<int>(limit);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT pid FROM passages WHERE pid IN (SELECT value FROM json_each($pids))" +
                              SqlFilter.TextConstraints(query, command, "norm_text");
        var pids = command.Parameters.Add("$pids", SqliteType.Text);
        var batch = Math.Max(64, limit * 2);
        var passing = new HashSet<int>();
        for (var start = 0; start < ranked.Length && kept.Count < limit; start += batch)
        {
            var slice = ranked.AsSpan(start, Math.Min(batch, ranked.Length - start));
            pids.Value = "[" + string.Join(',', slice.ToArray()) + "]";
            passing.Clear();
            using (var reader = command.ExecuteReader())
                while (reader.Read()) passing.Add(reader.GetInt32(0));
            foreach (var pid in slice)
            {
                if (!passing.Contains(pid)) continue;
                kept.Add(pid);
                if (kept.Count == limit) break;
            }
        }
        return kept;
    }
}
