using KnowledgeBase.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Storage.Embedded.Vectors;

/// <summary>Embeds passages, in order; throws when the embedder cannot answer (the passages then stay pending).</summary>
public delegate Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedPassages(IReadOnlyList<Passage> passages, CancellationToken cancellationToken);

/// <summary>
/// Gives vectors to passages that have none: those ingested while the embedder was unreachable, and all of them after
/// <see cref="PassageVectorIndex.Reset"/> (<c>kb reindex --embeddings</c>). A passage without a row in
/// <c>passage_vectors</c> is what "marked for embedding later" means; no separate flag can drift out of step.
/// </summary>
public sealed class VectorBackfill(SqliteDatabase database, PassageVectorIndex index, ILogger<VectorBackfill>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Passages still waiting for a vector.</summary>
    public int CountPending()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM passages p WHERE NOT EXISTS(SELECT 1 FROM passage_vectors v WHERE v.pid = p.pid)";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    /// <summary>Embeds every pending passage in batches of <paramref name="batchSize"/>; returns how many got a vector.</summary>
    public async Task<int> RunAsync(EmbedPassages embed, int batchSize = 64, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var done = 0;
        long after = 0;
        while (true)
        {
            var batch = NextBatch(after, batchSize);
            if (batch.Count == 0) break;
            after = batch[^1].Pid;
            var vectors = await embed(batch.Select(b => b.Passage).ToList(), cancellationToken);
            if (vectors.Count != batch.Count) throw new InvalidOperationException($"the embedder returned {vectors.Count} vectors for {batch.Count} passages");

            using var connection = database.Open();
            using var tx = connection.BeginTransaction(deferred: false);
            // A passage deleted while its batch was being embedded must not get an orphan vector.
            var alive = AlivePids(connection, tx, batch.Select(b => b.Pid));
            index.Write(connection, tx, batch.Select((b, i) => (b.Pid, vectors[i])).Where(x => alive.Contains(x.Pid)));
            tx.Commit();
            done += alive.Count;
            progress?.Report(done);
        }
        _logger.LogInformation("Embedded {Count} pending passages", done);
        return done;
    }

    private List<(long Pid, Passage Passage)> NextBatch(long after, int size)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT p.pid, {DocumentRows.PassageColumns} FROM passages p
            WHERE p.pid > $after AND NOT EXISTS(SELECT 1 FROM passage_vectors v WHERE v.pid = p.pid)
            ORDER BY p.pid LIMIT $size
            """;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$size", Math.Max(1, size));
        var batch = new List<(long, Passage)>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) batch.Add((reader.GetInt64(0), DocumentRows.ReadPassage(reader, 1)));
        return batch;
    }

    private static HashSet<long> AlivePids(SqliteConnection connection, SqliteTransaction tx, IEnumerable<long> pids)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT pid FROM passages WHERE pid IN (SELECT value FROM json_each($pids))";
        command.Parameters.AddWithValue("$pids", "[" + string.Join(',', pids) + "]");
        var alive = new HashSet<long>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) alive.Add(reader.GetInt64(0));
        return alive;
    }
}
