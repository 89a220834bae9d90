using System.Text.Json;
using KnowledgeBase.Jobs;
using KnowledgeBase.Model;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeBase.Storage.Postgres.Jobs;

/// <summary>
/// The durable ingest queue in PostgreSQL (<c>kb_jobs</c>), for workers on any number of hosts. A worker leases the
/// oldest runnable job with <c>SELECT … FOR UPDATE SKIP LOCKED</c>: concurrent workers each lock a different row instead
/// of queueing behind one, so a lease is one round trip whatever the number of workers. Leases expire (a worker that
/// dies holds its job only until then), transient failures come back after an exponential backoff, a job whose worker
/// died <see cref="IngestQueueOptions.MaxAttempts"/> times is failed as poison — the same rules as the embedded queue,
/// with the same behavioural tests. Every state change is one statement, so it commits atomically. Times come from the
/// injected clock, not the server's, so tests can move them.
/// </summary>
public sealed class PostgresIngestQueue(PostgresDatabase database, IOptions<IngestQueueOptions> options, TimeProvider? clock = null) : IIngestQueue
{
    private const string Columns =
        "id, staged_path, source, metadata, pinned_document_id, submitted_by, content_hash, state, attempts, error, document_id, created, updated, not_before";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IngestQueueOptions _options = options.Value;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<IngestJob> EnqueueAsync(IngestJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.StagedPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Source);
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = Now();
        // The unique (source, content_hash) index makes "add unless this file is already queued or done" one statement,
        // safe against two scanners racing; a request without a hash always adds a job.
        for (var attempt = 0; ; attempt++)
        {
            await using (var insert = connection.Command(null, $"""
                INSERT INTO kb_jobs(id, staged_path, source, metadata, pinned_document_id, submitted_by, content_hash, state, attempts, not_before, created, updated)
                VALUES (@id, @staged, @source, @meta, @pin, @by, @hash, 'queued', 0, @now, @now, @now)
                ON CONFLICT (source, content_hash) WHERE content_hash IS NOT NULL DO NOTHING
                RETURNING {Columns}
                """, ("id", "j" + Guid.NewGuid().ToString("N")[..19]), ("staged", request.StagedPath), ("source", request.Source),
                ("pin", request.DocumentId), ("by", request.SubmittedBy), ("hash", request.ContentHash), ("now", now)))
            {
                insert.Parameters.Add(new NpgsqlParameter("meta", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(request.Metadata, Json) });
                if (await ReadOneAsync(insert, cancellationToken) is { } added) return added;
            }
            if (await QueryOneAsync(connection, $"SELECT {Columns} FROM kb_jobs WHERE source = @source AND content_hash = @hash",
                    cancellationToken, ("source", request.Source), ("hash", request.ContentHash)) is { } existing)
                return existing;
            // The conflicting job was forgotten (ForgetSourceAsync) between the two statements: add ours now.
            if (attempt > 2) throw new InvalidOperationException($"could not enqueue {request.Source}: its job kept changing");
        }
    }

    public async Task<IngestJob?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryOneAsync(connection, $"SELECT {Columns} FROM kb_jobs WHERE id = @id", cancellationToken, ("id", jobId));
    }

    public async Task<IngestJob?> LeaseAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = Now();
        await using var connection = await database.OpenAsync(cancellationToken);
        // One round trip: both statements go in one batch, which PostgreSQL runs as one transaction. The oldest runnable
        // job that no other worker has locked is taken; a job whose worker died MaxAttempts times is never taken again
        // but failed as poison (a file that kills the process).
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Statement($"""
                    UPDATE kb_jobs SET state = 'running', lease_owner = @worker, lease_until = @until, attempts = attempts + 1, updated = @now
                    WHERE seq = (SELECT seq FROM kb_jobs
                                 WHERE (state = 'queued' AND not_before <= @now)
                                    OR (state = 'running' AND lease_until < @now AND attempts < @max)
                                 ORDER BY created, seq LIMIT 1
                                 FOR UPDATE SKIP LOCKED)
                    RETURNING {Columns}
                    """, ("worker", workerId), ("until", now + lease), ("now", now), ("max", _options.MaxAttempts)),
                Statement("""
                    UPDATE kb_jobs SET state = 'failed', lease_owner = NULL, lease_until = NULL, updated = @now,
                           error = 'the worker stopped ' || attempts || ' times while processing this file (crash, kill or out of memory); not retried'
                    WHERE state = 'running' AND lease_until < @now AND attempts >= @max
                    """, ("now", now), ("max", _options.MaxAttempts)),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var job = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        while (await reader.NextResultAsync(cancellationToken)) { }
        return job;
    }

    public async Task<bool> RenewAsync(string jobId, string workerId, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = Now();
        return await WriteAsync("""
            UPDATE kb_jobs SET lease_until = @until, updated = @now
            WHERE id = @id AND state = 'running' AND lease_owner = @worker
            """, cancellationToken, ("id", jobId), ("worker", workerId), ("until", now + lease), ("now", now)) > 0;
    }

    public async Task<bool> CompleteAsync(string jobId, string workerId, string? documentId, CancellationToken cancellationToken = default) =>
        await WriteAsync("""
            UPDATE kb_jobs SET state = 'done', document_id = @doc, error = NULL, lease_owner = NULL, lease_until = NULL, updated = @now
            WHERE id = @id AND state = 'running' AND lease_owner = @worker
            """, cancellationToken, ("id", jobId), ("worker", workerId), ("doc", documentId), ("now", Now())) > 0;

    /// <summary>
    /// One statement decides retry or end from the attempts the row holds: a transient failure with attempts left is queued
    /// again after base × 2^(attempt−1) (capped), anything else is failed.
    /// </summary>
    public async Task<bool> FailAsync(string jobId, string workerId, string reason, bool permanent, CancellationToken cancellationToken = default) =>
        await WriteAsync("""
            UPDATE kb_jobs SET
                state = CASE WHEN NOT @permanent AND attempts < @max THEN 'queued' ELSE 'failed' END,
                error = CASE WHEN @permanent OR attempts < @max THEN @reason ELSE @reason || ' (gave up after ' || attempts || ' attempts)' END,
                not_before = CASE WHEN NOT @permanent AND attempts < @max
                                  THEN @now + least(@base * power(2, least(greatest(attempts - 1, 0), 30)), @cap) * interval '1 millisecond'
                                  ELSE not_before END,
                lease_owner = NULL, lease_until = NULL, updated = @now
            WHERE id = @id AND state = 'running' AND lease_owner = @worker
            """, cancellationToken, ("id", jobId), ("worker", workerId), ("reason", reason), ("permanent", permanent), ("max", _options.MaxAttempts),
            ("now", Now()), ("base", _options.RetryBaseDelay.TotalMilliseconds), ("cap", _options.MaxRetryDelay.TotalMilliseconds)) > 0;

    public async Task<bool> ReleaseAsync(string jobId, string workerId, CancellationToken cancellationToken = default) =>
        await WriteAsync("""
            UPDATE kb_jobs SET state = 'queued', attempts = greatest(attempts - 1, 0), lease_owner = NULL, lease_until = NULL, not_before = @now, updated = @now
            WHERE id = @id AND state = 'running' AND lease_owner = @worker
            """, cancellationToken, ("id", jobId), ("worker", workerId), ("now", Now())) > 0;

    public async Task<QueueSummary> SummarizeAsync(int recentFailures = 10, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var counts = (await connection.QueryAsync(null, """
            SELECT count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'running'),
                   count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'failed'),
                   count(*) FILTER (WHERE state = 'queued' AND error IS NOT NULL)
            FROM kb_jobs
            """, r => (Queued: (int)r.GetInt64(0), Running: (int)r.GetInt64(1), Done: (int)r.GetInt64(2), Failed: (int)r.GetInt64(3), Retrying: (int)r.GetInt64(4)),
            cancellationToken))[0];
        var failures = await connection.QueryAsync(null, $"SELECT {Columns} FROM kb_jobs WHERE state = 'failed' ORDER BY updated DESC, seq DESC LIMIT @n",
            Read, cancellationToken, ("n", Math.Max(0, recentFailures)));
        return new QueueSummary(counts.Queued, counts.Running, counts.Done, counts.Failed, failures, counts.Retrying);
    }

    public async Task<IReadOnlyList<string>> GetCompletedSourcesAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // The latest job per source decides; starts_with instead of LIKE so '%' and '_' in paths are literal.
        return await connection.QueryAsync(null, """
            SELECT source FROM (
                SELECT DISTINCT ON (source) source, state, content_hash FROM kb_jobs
                WHERE starts_with(source, @prefix)
                ORDER BY source, created DESC, seq DESC) latest
            WHERE state = 'done' AND content_hash IS NOT NULL
            ORDER BY source COLLATE "C"
            """, r => r.GetString(0), cancellationToken, ("prefix", prefix));
    }

    public async Task ForgetSourceAsync(string source, CancellationToken cancellationToken = default) =>
        await WriteAsync("UPDATE kb_jobs SET content_hash = NULL WHERE source = @source AND state IN ('done', 'failed')", cancellationToken, ("source", source));

    private DateTimeOffset Now() => _clock.GetUtcNow();

    private async Task<int> WriteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(null, sql, cancellationToken, parameters);
    }

    private static NpgsqlBatchCommand Statement(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static async Task<IngestJob?> QueryOneAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(null, sql, parameters);
        return await ReadOneAsync(command, cancellationToken);
    }

    private static async Task<IngestJob?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static IngestJob Read(NpgsqlDataReader r)
    {
        var request = new IngestJobRequest(
            StagedPath: r.GetString(1),
            Source: r.GetString(2),
            Metadata: JsonSerializer.Deserialize<DocumentMetadata>(r.GetString(3), Json) ?? new DocumentMetadata(),
            DocumentId: r.TextOrNull(4),
            SubmittedBy: r.TextOrNull(5),
            ContentHash: r.TextOrNull(6));
        var state = r.GetString(7) switch
        {
            "queued" => JobState.Queued,
            "running" => JobState.Running,
            "done" => JobState.Done,
            "failed" => JobState.Failed,
            var other => throw new InvalidDataException($"unknown job state '{other}'"),
        };
        return new IngestJob(r.GetString(0), request, state, r.GetInt32(8), r.TextOrNull(9), r.TextOrNull(10),
            r.GetFieldValue<DateTimeOffset>(11), r.GetFieldValue<DateTimeOffset>(12),
            state == JobState.Queued ? r.GetFieldValue<DateTimeOffset>(13) : null);
    }
}
