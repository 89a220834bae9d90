using System.Diagnostics;
using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// Builds the lexical index from the stored <c>passages</c> rows when it is missing (no <c>lex_state</c> row): after the
/// schema migration of a schema-1 store (FTS5), which needs the analysis chain and so is not part of the migration
/// itself. It runs in one write transaction, so a crash leaves the store without an index and the next open starts
/// over; other processes wait for it like for any writer.
/// </summary>
internal sealed class LexicalReindexer(SqliteDatabase database, LexicalDocumentAnalyzer analyzer, ILogger logger)
{
    private const int DocumentsPerBatch = 64;

    public void EnsureBuilt()
    {
        using var connection = database.Open();
        if (IsBuilt(connection, null)) return;
        using var transaction = connection.BeginTransaction(deferred: false);
        if (IsBuilt(connection, transaction)) return; // another process migrated while we waited for the lock
        var clock = Stopwatch.StartNew();
        var total = Scalar(connection, transaction, "SELECT count(*) FROM passages");
        logger.LogWarning("Re-indexing {Passages} passages: the store has no lexical index yet (one-time migration from the FTS5 index)…", total);

        AssignPidRanges(connection, transaction);
        var nextPid = Scalar(connection, transaction, "SELECT coalesce(max(pid), 0) + 1 FROM passages");
        LexicalState.Empty(1).Write(connection, transaction);
        long done = 0, reported = 0;
        using (var writer = new LexicalWriter(connection, transaction))
        {
            foreach (var batch in DocumentBatches(connection, transaction))
            {
                // Analysis (jieba) is the slow part and runs on every core; the writes are serial.
                var analyzed = new List<AnalyzedPassage>[batch.Count];
                Parallel.For(0, batch.Count, i =>
                {
                    var title = analyzer.AnalyzeTitle(batch[i].Title);
                    analyzed[i] = batch[i].Passages.Select(p => analyzer.Analyze(title, p.Heading, p.Text)).ToList();
                });
                for (var i = 0; i < batch.Count; i++)
                {
                    writer.Add(analyzed[i], batch[i].PidStart);
                    done += analyzed[i].Count;
                }
                if (done - reported >= Math.Max(total / 20, 1000))
                {
                    reported = done;
                    logger.LogWarning("Re-indexed {Done}/{Total} passages, {Seconds:F0} s", done, total, clock.Elapsed.TotalSeconds);
                }
            }
            writer.ReserveBelow(nextPid);
            writer.Commit();
        }
        // The rebuilt index holds no time terms; the time index re-dates the passages next (Time.TimeIndex).
        Time.TimeIndex.MarkStale(connection, transaction);
        transaction.Commit();
        logger.LogWarning("Re-indexed {Total} passages in {Seconds:F0} s", total, clock.Elapsed.TotalSeconds);
    }

    private static bool IsBuilt(SqliteConnection connection, SqliteTransaction? transaction) => LexicalState.Read(connection, transaction) is not null;

    /// <summary>
    /// Records each document's pid range. Schema 1 wrote a document's passages in one transaction, so their pids are
    /// consecutive; a document whose are not (never seen, but the access filter must not rely on luck) gets new pids.
    /// </summary>
    private static void AssignPidRanges(SqliteConnection connection, SqliteTransaction transaction)
    {
        connection.Execute(transaction, """
            UPDATE documents SET
                pid_start = (SELECT min(pid) FROM passages p WHERE p.document_id = documents.id),
                pid_end = (SELECT max(pid) + 1 FROM passages p WHERE p.document_id = documents.id)
            """);
        var scattered = connection.Query(transaction, """
            SELECT d.id FROM documents d
            WHERE d.pid_start IS NOT NULL AND d.pid_end - d.pid_start <> (SELECT count(*) FROM passages p WHERE p.document_id = d.id)
            """, r => r.GetString(0));
        foreach (var id in scattered)
        {
            var next = Scalar(connection, transaction, "SELECT coalesce(max(pid), 0) + 1 FROM passages");
            var pids = connection.Query(transaction, "SELECT pid FROM passages WHERE document_id = $id ORDER BY ordinal", r => r.GetInt64(0), ("$id", id));
            for (var i = 0; i < pids.Count; i++)
            {
                connection.Execute(transaction, "UPDATE passages SET pid = $new WHERE pid = $old", ("$new", next + i), ("$old", pids[i]));
                connection.Execute(transaction, "UPDATE passage_vectors SET pid = $new WHERE pid = $old", ("$new", next + i), ("$old", pids[i]));
            }
            connection.Execute(transaction, "UPDATE documents SET pid_start = $start, pid_end = $end WHERE id = $id",
                ("$start", next), ("$end", next + pids.Count), ("$id", id));
        }
    }

    private sealed record StoredPassage(string Heading, string Text);
    private sealed record StoredDocument(string Title, long PidStart, List<StoredPassage> Passages);

    private static IEnumerable<List<StoredDocument>> DocumentBatches(SqliteConnection connection, SqliteTransaction transaction)
    {
        long after = -1;
        while (true)
        {
            var batch = connection.Query(transaction, "SELECT title, pid_start FROM documents WHERE pid_start > $after ORDER BY pid_start LIMIT $n",
                r => new StoredDocument(r.GetString(0), r.GetInt64(1), []), ("$after", after), ("$n", DocumentsPerBatch));
            if (batch.Count == 0) yield break;
            var byStart = batch.ToDictionary(d => d.PidStart);
            connection.ForEach(transaction, """
                SELECT d.pid_start, p.heading_path, p.text FROM passages p JOIN documents d ON d.id = p.document_id
                WHERE d.pid_start >= $from AND d.pid_start <= $to ORDER BY p.pid
                """, r => byStart[r.GetInt64(0)].Passages.Add(new StoredPassage(r.GetString(1), r.GetString(2))),
                ("$from", batch[0].PidStart), ("$to", batch[^1].PidStart));
            after = batch[^1].PidStart;
            yield return batch;
        }
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql) => connection.Long(transaction, sql) ?? 0;
}
