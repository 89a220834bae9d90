using System.Globalization;
using System.Text.Json;
using KnowledgeBase.Jobs;
using KnowledgeBase.Model;
using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Storage.Embedded.Jobs;

/// <summary>
/// The durable ingest queue of the embedded store: a <c>jobs</c> table in the data directory's database.
/// Every state change is one SQLite write transaction taken with <c>BEGIN IMMEDIATE</c>, so workers in several
/// processes on one data directory serialise on the database lock and never lease the same job; a worker that dies
/// holds its job only until the lease expires. Times are stored as Unix milliseconds so they compare in SQL.
/// </summary>
public sealed class SqliteIngestQueue : IIngestQueue
{
    private const string Columns =
        "id, staged_path, source, metadata, pinned_document_id, submitted_by, content_hash, state, attempts, error, document_id, created, updated, not_before";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SqliteDatabase _database;
    private readonly IngestQueueOptions _options;
    private readonly TimeProvider _clock;

    public SqliteIngestQueue(SqliteDatabase database, IOptions<IngestQueueOptions> options, TimeProvider? clock = null)
    {
        _database = database;
        _options = options.Value;
        _clock = clock ?? TimeProvider.System;

    }

    /// <summary>Where callers stage uploaded bytes; the worker deletes a staged file here once its job has ended.</summary>
    public string StagingDirectory => Path.Combine(_database.DataDirectory, "staging");

    public Task<IngestJob> EnqueueAsync(IngestJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.StagedPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Source);
        using var connection = _database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        if (request.ContentHash is not null)
        {
            // Check and insert under one write lock, so two scanners cannot both add the same file.
            var existing = QueryOne(connection, tx, $"SELECT {Columns} FROM jobs WHERE source = $source AND content_hash = $hash ORDER BY created DESC LIMIT 1",
                ("$source", request.Source), ("$hash", request.ContentHash));
            if (existing is not null)
            {
                tx.Commit();
                return Task.FromResult(existing);
            }
        }
        var now = Now();
        var id = "j" + Guid.NewGuid().ToString("N")[..19];
        Run(connection, tx, """
            INSERT INTO jobs(id, staged_path, source, metadata, pinned_document_id, submitted_by, content_hash, state, attempts, not_before, created, updated)
            VALUES ($id, $staged, $source, $meta, $pin, $by, $hash, 'queued', 0, $now, $now, $now)
            """, ("$id", id), ("$staged", request.StagedPath), ("$source", request.Source),
            ("$meta", JsonSerializer.Serialize(request.Metadata, Json)), ("$pin", request.DocumentId), ("$by", request.SubmittedBy),
            ("$hash", request.ContentHash), ("$now", now));
        var job = QueryOne(connection, tx, $"SELECT {Columns} FROM jobs WHERE id = $id", ("$id", id))!;
        tx.Commit();
        return Task.FromResult(job);
    }

    public Task<IngestJob?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        return Task.FromResult(QueryOne(connection, null, $"SELECT {Columns} FROM jobs WHERE id = $id", ("$id", jobId)));
    }

    public Task<IngestJob?> LeaseAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = Now();
        using var connection = _database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        // A job whose worker died MaxAttempts times is poison (a file that kills the process): end it instead of handing it out again.
        Run(connection, tx, """
            UPDATE jobs SET state = 'failed', lease_owner = NULL, lease_until = NULL, updated = $now,
                   error = 'the worker stopped ' || attempts || ' times while processing this file (crash, kill or out of memory); not retried'
            WHERE state = 'running' AND lease_until < $now AND attempts >= $max
            """, ("$now", now), ("$max", _options.MaxAttempts));
        var job = QueryOne(connection, tx, $"""
            UPDATE jobs SET state = 'running', lease_owner = $worker, lease_until = $until, attempts = attempts + 1, updated = $now
            WHERE id = (SELECT id FROM jobs
                        WHERE (state = 'queued' AND not_before <= $now) OR (state = 'running' AND lease_until < $now)
                        ORDER BY created, rowid LIMIT 1)
            RETURNING {Columns}
            """, ("$worker", workerId), ("$until", now + (long)lease.TotalMilliseconds), ("$now", now));
        tx.Commit();
        return Task.FromResult(job);
    }

    public Task<bool> RenewAsync(string jobId, string workerId, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = Now();
        return Task.FromResult(Write("""
            UPDATE jobs SET lease_until = $until, updated = $now
            WHERE id = $id AND state = 'running' AND lease_owner = $worker
            """, ("$id", jobId), ("$worker", workerId), ("$until", now + (long)lease.TotalMilliseconds), ("$now", now)) > 0);
    }

    public Task<bool> CompleteAsync(string jobId, string workerId, string? documentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Write("""
            UPDATE jobs SET state = 'done', document_id = $doc, error = NULL, lease_owner = NULL, lease_until = NULL, updated = $now
            WHERE id = $id AND state = 'running' AND lease_owner = $worker
            """, ("$id", jobId), ("$worker", workerId), ("$doc", documentId), ("$now", Now())) > 0);

    public Task<bool> FailAsync(string jobId, string workerId, string reason, bool permanent, CancellationToken cancellationToken = default)
    {
        var now = Now();
        using var connection = _database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        var attempts = QueryScalar(connection, tx, "SELECT attempts FROM jobs WHERE id = $id AND state = 'running' AND lease_owner = $worker",
            ("$id", jobId), ("$worker", workerId));
        if (attempts is null)
        {
            tx.Commit();
            return Task.FromResult(false);
        }
        var retry = !permanent && attempts.Value < _options.MaxAttempts;
        if (retry)
        {
            Run(connection, tx, """
                UPDATE jobs SET state = 'queued', error = $reason, not_before = $at, lease_owner = NULL, lease_until = NULL, updated = $now
                WHERE id = $id
                """, ("$id", jobId), ("$reason", reason), ("$at", now + (long)Backoff((int)attempts.Value).TotalMilliseconds), ("$now", now));
        }
        else
        {
            var final = permanent ? reason : $"{reason} (gave up after {attempts} attempts)";
            Run(connection, tx, """
                UPDATE jobs SET state = 'failed', error = $reason, lease_owner = NULL, lease_until = NULL, updated = $now
                WHERE id = $id
                """, ("$id", jobId), ("$reason", final), ("$now", now));
        }
        tx.Commit();
        return Task.FromResult(true);
    }

    public Task<bool> ReleaseAsync(string jobId, string workerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Write("""
            UPDATE jobs SET state = 'queued', attempts = max(attempts - 1, 0), lease_owner = NULL, lease_until = NULL, not_before = $now, updated = $now
            WHERE id = $id AND state = 'running' AND lease_owner = $worker
            """, ("$id", jobId), ("$worker", workerId), ("$now", Now())) > 0);

    public Task<QueueSummary> SummarizeAsync(int recentFailures = 10, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        var (queued, running, done, failed, retrying) = connection.Query(null, """
            SELECT count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'running'),
                   count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'failed'),
                   count(*) FILTER (WHERE state = 'queued' AND error IS NOT NULL)
            FROM jobs
            """, r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4)))[0];
        var failures = Query(connection, null, $"SELECT {Columns} FROM jobs WHERE state = 'failed' ORDER BY updated DESC, rowid DESC LIMIT $n",
            ("$n", Math.Max(0, recentFailures)));
        return Task.FromResult(new QueueSummary(queued, running, done, failed, failures, retrying));
    }

    public Task<IReadOnlyList<string>> GetCompletedSourcesAsync(string prefix, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        // The latest job per source decides; substr instead of LIKE so '%' and '_' in paths are literal.
        return Task.FromResult<IReadOnlyList<string>>(connection.Query(null, """
            SELECT source FROM jobs j
            WHERE substr(source, 1, length($prefix)) = $prefix
              AND created = (SELECT max(created) FROM jobs k WHERE k.source = j.source)
              AND state = 'done' AND content_hash IS NOT NULL
            GROUP BY source ORDER BY source
            """, r => r.GetString(0), ("$prefix", prefix)));
    }

    public Task ForgetSourceAsync(string source, CancellationToken cancellationToken = default)
    {
        Write("UPDATE jobs SET content_hash = NULL WHERE source = $source AND state IN ('done', 'failed')", ("$source", source));
        return Task.CompletedTask;
    }

    /// <summary>Exponential backoff: base × 2^(attempt−1), capped.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var delay = TimeSpan.FromMilliseconds(_options.RetryBaseDelay.TotalMilliseconds * factor);
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private int Write(string sql, params (string, object?)[] parameters)
    {
        using var connection = _database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        var changed = Run(connection, tx, sql, parameters);
        tx.Commit();
        return changed;
    }

    private static int Run(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters) =>
        connection.Execute(tx, sql, parameters);

    private static long? QueryScalar(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters) =>
        connection.Long(tx, sql, parameters);

    private static IngestJob? QueryOne(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters) =>
        connection.QueryFirst(tx, sql, Read, parameters);

    private static List<IngestJob> Query(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters) =>
        connection.Query(tx, sql, Read, parameters);

    private static IngestJob Read(SqliteDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var request = new IngestJobRequest(
            StagedPath: r.GetString(1),
            Source: r.GetString(2),
            Metadata: JsonSerializer.Deserialize<DocumentMetadata>(r.GetString(3), Json) ?? new DocumentMetadata(),
            DocumentId: Text(4),
            SubmittedBy: Text(5),
            ContentHash: Text(6));
        var state = r.GetString(7) switch
        {
            "queued" => JobState.Queued,
            "running" => JobState.Running,
            "done" => JobState.Done,
            "failed" => JobState.Failed,
            var other => throw new InvalidDataException($"unknown job state '{other}'"),
        };
        return new IngestJob(r.GetString(0), request, state, r.GetInt32(8), Text(9), Text(10),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12)),
            state == JobState.Queued ? DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(13)) : null);
    }
}
