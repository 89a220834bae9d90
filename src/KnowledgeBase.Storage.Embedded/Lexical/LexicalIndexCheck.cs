using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// Verifies the lexical index against the passages it indexes (for crash tests and diagnostics): the state row
/// exists, every live length belongs to a stored passage, the statistics match the lengths, every document's pid range
/// holds exactly its passages, and every postings block decodes to ascending pids inside its declared range.
/// </summary>
public static class LexicalIndexCheck
{
    /// <summary>Descriptions of every inconsistency found; empty when the index is sound.</summary>
    public static IReadOnlyList<string> Problems(SqliteConnection connection)
    {
        var problems = new List<string>();
        var state = LexicalState.Read(connection, null);
        if (state is null) return ["lex_state row missing"];

        var passagePids = new HashSet<long>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT pid FROM passages";
            using var reader = command.ExecuteReader();
            while (reader.Read()) passagePids.Add(reader.GetInt64(0));
        }
        long live = 0, words = 0, bigrams = 0;
        var livePids = new HashSet<long>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT chunk, data FROM lex_lengths";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var offset = reader.GetInt64(0) << PassageLengths.ChunkShift;
                var data = (byte[])reader.GetValue(1);
                var w = PassageLengths.FieldSpan(data, LexicalField.Words);
                var b = PassageLengths.FieldSpan(data, LexicalField.Bigrams);
                for (var i = 0; i < PassageLengths.ChunkSize; i++)
                {
                    if (w[i] == 0 && b[i] == 0) continue;
                    live++;
                    words += w[i];
                    bigrams += b[i];
                    livePids.Add(offset + i);
                    if (!passagePids.Contains(offset + i)) problems.Add($"pid {offset + i} has lengths but no passage row");
                }
            }
        }
        if (live != state.Live) problems.Add($"lex_state.live = {state.Live} but {live} passages have lengths");
        if (words != state.WordsLength || bigrams != state.BigramsLength)
            problems.Add($"lex_state lengths {state.WordsLength}/{state.BigramsLength} but the stored lengths sum to {words}/{bigrams}");
        foreach (var pid in passagePids)
            if (pid >= state.NextPid) problems.Add($"passage pid {pid} is not below next_pid {state.NextPid}");

        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT d.id, d.pid_start, d.pid_end, (SELECT count(*) FROM passages p WHERE p.document_id = d.id),
                       (SELECT count(*) FROM passages p WHERE p.document_id = d.id AND p.pid >= d.pid_start AND p.pid < d.pid_end)
                FROM documents d
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var count = reader.GetInt64(3);
                if (count == 0) continue;
                var span = reader.IsDBNull(1) ? -1 : reader.GetInt64(2) - reader.GetInt64(1);
                if (span != count || reader.GetInt64(4) != count)
                    problems.Add($"document {reader.GetString(0)}: pid range does not hold exactly its {count} passages");
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT field, term, first_pid, count, data FROM lex_postings ORDER BY field, term, first_pid";
            using var reader = command.ExecuteReader();
            var pids = new int[PostingsWriter.BlockSize];
            var frequencies = new int[PostingsWriter.BlockSize];
            (long, string) previousTerm = (-1, "");
            var previousPid = -1;
            while (reader.Read())
            {
                var term = (reader.GetInt64(0), reader.GetString(1));
                if (term != previousTerm) previousPid = -1;
                previousTerm = term;
                var first = reader.GetInt32(2);
                var count = reader.GetInt32(3);
                if (count <= 0 || count > PostingsWriter.BlockSize) { problems.Add($"block {term} @{first}: count {count}"); continue; }
                try
                {
                    PostingsCodec.Decode((byte[])reader.GetValue(4), first, count, pids, frequencies);
                }
                catch (IndexOutOfRangeException)
                {
                    problems.Add($"block {term} @{first}: data shorter than {count} postings");
                    continue;
                }
                if (pids[0] != first || first <= previousPid) problems.Add($"block {term} @{first}: out of order");
                for (var i = 0; i < count; i++)
                {
                    if (i > 0 && pids[i] <= pids[i - 1]) problems.Add($"block {term} @{first}: pids not ascending");
                    if (frequencies[i] <= 0) problems.Add($"block {term} @{first}: frequency {frequencies[i]}");
                    if (pids[i] >= state.NextPid) problems.Add($"block {term} @{first}: pid {pids[i]} beyond next_pid");
                }
                previousPid = pids[count - 1];
            }
        }
        if (problems.Count > 20) problems = [.. problems.Take(20), string.Create(CultureInfo.InvariantCulture, $"… {problems.Count - 20} more")];
        return problems;
    }
}
