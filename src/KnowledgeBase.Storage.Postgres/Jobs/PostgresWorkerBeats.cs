using System.Text.Json;
using KnowledgeBase.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeBase.Storage.Postgres.Jobs;

/// <summary>
/// Worker heartbeats in PostgreSQL (<c>kb_worker_beats</c>, one row per worker, replaced at every beat), so an API
/// replica sees the workers of every host that shares the library, not only those beside it. A beat is one small upsert
/// every <c>KnowledgeBase:Worker:HeartbeatInterval</c>: noise beside the queue's own statements.
/// </summary>
public sealed class PostgresWorkerBeats(PostgresDatabase database) : IWorkerBeats
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task PublishAsync(WorkerBeat beat, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var upsert = connection.Command(null, """
            INSERT INTO kb_worker_beats(worker_id, host, beat_at, beat) VALUES (@id, @host, @at, @beat)
            ON CONFLICT (worker_id) DO UPDATE SET host = excluded.host, beat_at = excluded.beat_at, beat = excluded.beat
            """, ("id", beat.WorkerId), ("host", beat.Host), ("at", beat.BeatAt));
        upsert.Parameters.Add(new NpgsqlParameter("beat", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(beat, Json) });
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RemoveAsync(string workerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(null, "DELETE FROM kb_worker_beats WHERE worker_id = @id", cancellationToken, ("id", workerId));
    }

    public async Task<IReadOnlyList<WorkerBeat>> ReadAllAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Dead for long: tidy up, so the table does not grow with every restart (a restarted worker has a new id).
        await connection.ExecuteAsync(null, "DELETE FROM kb_worker_beats WHERE beat_at < @cutoff", cancellationToken, ("cutoff", now - WorkerBeat.Forgotten));
        var rows = await connection.QueryAsync(null, "SELECT beat::text FROM kb_worker_beats ORDER BY worker_id", r => r.GetString(0), cancellationToken);
        return rows.Select(json => JsonSerializer.Deserialize<WorkerBeat>(json, Json)).OfType<WorkerBeat>().ToList();
    }
}
