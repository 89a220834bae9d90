using System.Diagnostics;
using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>Progress of a rebuild of the lexical index: passages analysed so far of the total.</summary>
public readonly record struct ReindexProgress(long Done, long Total, TimeSpan Elapsed);

/// <summary>
/// Builds the lexical index (postings, lengths, statistics) and the normalised passage text from the stored
/// <c>passages</c> rows, without re-parsing a document: when the index is missing (no <c>lex_state</c> row, after the
/// schema migration of a schema-1 store), and on demand (<c>kb reindex</c>) when the analysis chain changed and the
/// index is stale (<see cref="AnalysisStamp"/>). It runs in one write transaction, so a crash leaves the previous state
/// and the next run starts over; readers go on reading the old index until the commit, writers wait for it.
/// </summary>
internal sealed class LexicalReindexer(SqliteDatabase database, LexicalDocumentAnalyzer analyzer, AnalysisStamp stamp, ILogger logger)
{
    private const int DocumentsPerBatch = 64;

    /// <summary>Builds the index if the store has none (a migrated schema-1 store).</summary>
    public void EnsureBuilt()
    {
        using var connection = database.Open();
        if (IsBuilt(connection, null)) return;
        using var transaction = connection.BeginTransaction(deferred: false);
        if (IsBuilt(connection, transaction)) return; // another process migrated while we waited for the lock
        logger.LogWarning("Re-indexing the stored passages: the store has no lexical index yet (one-time migration from the FTS5 index)…");
        AssignPidRanges(connection, transaction);
        var progress = new Progress<ReindexProgress>(p =>
            logger.LogWarning("Re-indexed {Done}/{Total} passages, {Seconds:F0} s", p.Done, p.Total, p.Elapsed.TotalSeconds));
        var total = Build(connection, transaction, 0, progress, CancellationToken.None);
        transaction.Commit();
        logger.LogWarning("Re-indexed {Total} passages", total);
    }

    /// <summary>
    /// Rebuilds the whole index from the stored passages with this process's analysis chain and records its fingerprint.
    /// Passage ids do not change (vectors and graphs keyed by them stay valid). Returns the number of passages indexed.
    /// </summary>
    public long Rebuild(IProgress<ReindexProgress>? progress, CancellationToken cancellationToken) =>
        database.WriteTransaction((connection, transaction) =>
        {
            var previous = LexicalState.Read(connection, transaction);
            connection.Execute(transaction, "DELETE FROM lex_postings; DELETE FROM lex_lengths; DELETE FROM lex_state;");
            AssignPidRanges(connection, transaction);
            // Keep pids growing past every pid ever handed out, as if the old index had gone on.
            return Build(connection, transaction, previous?.NextPid ?? 0, progress, cancellationToken);
        });

    /// <summary>Indexes every stored passage into an empty index; the caller commits.</summary>
    private long Build(SqliteConnection connection, SqliteTransaction transaction, long nextPidFloor,
        IProgress<ReindexProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var total = Scalar(connection, transaction, "SELECT count(*) FROM passages");
        var nextPid = Math.Max(nextPidFloor, Scalar(connection, transaction, "SELECT coalesce(max(pid), 0) + 1 FROM passages"));
        LexicalState.Empty(1).Write(connection, transaction);
        long done = 0, reported = 0;
        using (var writer = new LexicalWriter(connection, transaction))
        using (var normalized = connection.Command(transaction, "UPDATE passages SET norm_text = $text WHERE pid = $pid", ("$text", ""), ("$pid", 0L)))
        {
            foreach (var batch in DocumentBatches(connection, transaction))
            {
                cancellationToken.ThrowIfCancellationRequested();
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
                    foreach (var passage in batch[i].Passages)
                    {
                        // Phrase checks read the text as the chain normalises it (the variant map may have changed).
                        normalized.Parameters["$text"].Value = analyzer.Normalize(passage.Text);
                        normalized.Parameters["$pid"].Value = passage.Pid;
                        normalized.ExecuteNonQuery();
                    }
                    done += analyzed[i].Count;
                }
                if (done - reported >= Math.Max(total / 20, 1000) || done == total)
                {
                    reported = done;
                    progress?.Report(new ReindexProgress(done, total, clock.Elapsed));
                }
            }
            writer.ReserveBelow(nextPid);
            writer.Commit();
        }
        // The rebuilt index holds no time terms; the time index re-dates the passages next (Time.TimeIndex).
        Time.TimeIndex.MarkStale(connection, transaction);
        stamp.Record(connection, transaction);
        return total;
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

    private sealed record StoredPassage(long Pid, string Heading, string Text);
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
                SELECT d.pid_start, p.pid, p.heading_path, p.text FROM passages p JOIN documents d ON d.id = p.document_id
                WHERE d.pid_start >= $from AND d.pid_start <= $to ORDER BY p.pid
                """, r => byStart[r.GetInt64(0)].Passages.Add(new StoredPassage(r.GetInt64(1), r.GetString(2), r.GetString(3))),
                ("$from", batch[0].PidStart), ("$to", batch[^1].PidStart));
            after = batch[^1].PidStart;
            yield return batch;
        }
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql) => connection.Long(transaction, sql) ?? 0;
}
