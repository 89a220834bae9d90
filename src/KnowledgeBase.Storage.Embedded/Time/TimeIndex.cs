using System.Diagnostics;
using System.Globalization;
using KnowledgeBase.Storage.Embedded.Lexical;
using KnowledgeBase.Storage.Embedded.Schema;
using KnowledgeBase.Text.Time;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Storage.Embedded.Time;

/// <summary>
/// Keeps the time part of the index (the <see cref="TimeTerms"/> postings and <c>passage_times</c>) made by the current
/// time resolver. A store written before passages were dated, or by a resolver whose table has since changed (a new
/// <see cref="Version"/>), is re-dated from its stored passages when it opens: one write transaction, so a crash leaves
/// the old index and the next open starts over. New stores are marked current when created.
/// </summary>
internal sealed class TimeIndex(SqliteDatabase database, PassageTimeAnnotator times, ILogger logger)
{
    /// <summary>Raise when <see cref="TimePatterns"/> or the way passages are dated changes what is indexed.</summary>
    public const int Version = 1;

    private const string MetaKey = "time_index_version";

    public static void MarkBuilt(SqliteConnection connection, SqliteTransaction transaction) =>
        SetVersion(connection, transaction, Version.ToString(CultureInfo.InvariantCulture));

    /// <summary>Makes the next open re-date every passage (after the lexical index was rebuilt without time terms).</summary>
    public static void MarkStale(SqliteConnection connection, SqliteTransaction transaction) => SetVersion(connection, transaction, "0");

    public void EnsureBuilt()
    {
        using var connection = database.Open();
        if (IsCurrent(connection, null)) return;
        using var transaction = connection.BeginTransaction(deferred: false);
        if (IsCurrent(connection, transaction)) return; // another process rebuilt it while we waited for the lock
        var clock = Stopwatch.StartNew();
        logger.LogWarning("Dating passages for time-aware search (time index version {Version})…", Version);

        connection.Execute(transaction, "DELETE FROM lex_postings WHERE field = $field AND term >= '#' AND term < '$'", ("$field", (int)LexicalField.Words));
        connection.Execute(transaction, "DELETE FROM passage_times");
        var postings = new SortedDictionary<string, (List<int> Pids, List<int> Frequencies)>(StringComparer.Ordinal);
        long passages = 0;
        using (var rows = new PassageTimeWriter(connection, transaction))
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            // Documents in pid order and their passages in pid order, so each term's pids come out ascending.
            command.CommandText = """
                SELECT p.pid, d.year, d.title, p.heading_path, p.text FROM passages p JOIN documents d ON d.id = p.document_id
                ORDER BY p.pid
                """;
            using var reader = command.ExecuteReader();
            string? title = null;
            int? year = null, documentYear = null;
            while (reader.Read())
            {
                var pid = reader.GetInt64(0);
                var rowYear = reader.IsDBNull(1) ? (int?)null : reader.GetInt32(1);
                var rowTitle = reader.GetString(2);
                if (rowTitle != title || rowYear != year) (title, year, documentYear) = (rowTitle, rowYear, times.DocumentYear(rowYear, rowTitle));
                var time = times.Annotate(reader.GetString(4), reader.GetString(3), documentYear);
                rows.Write(pid, [time]);
                foreach (var (term, frequency) in TimeTerms.Of(time))
                {
                    if (!postings.TryGetValue(term, out var list)) postings[term] = list = ([], []);
                    list.Pids.Add((int)pid);
                    list.Frequencies.Add(frequency);
                }
                passages++;
            }
        }
        using (var writer = new PostingsWriter(connection, transaction))
            foreach (var (term, (pids, frequencies)) in postings)
                writer.WriteBlocks(LexicalField.Words, term, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pids),
                    System.Runtime.InteropServices.CollectionsMarshal.AsSpan(frequencies));
        // Readers in every process cache postings per generation; a new one makes them read the new terms.
        connection.Execute(transaction, "UPDATE lex_state SET generation = generation + 1");
        MarkBuilt(connection, transaction);
        transaction.Commit();
        logger.LogWarning("Dated {Passages} passages ({Terms} time terms) in {Seconds:F1} s", passages, postings.Count, clock.Elapsed.TotalSeconds);
    }

    private static bool IsCurrent(SqliteConnection connection, SqliteTransaction? transaction) =>
        connection.Scalar(transaction, "SELECT value FROM meta WHERE key = $key", ("$key", MetaKey)) is string value
        && value == Version.ToString(CultureInfo.InvariantCulture);

    private static void SetVersion(SqliteConnection connection, SqliteTransaction transaction, string version) =>
        connection.Execute(transaction, "INSERT OR REPLACE INTO meta(key, value) VALUES ($key, $value)", ("$key", MetaKey), ("$value", version));
}
