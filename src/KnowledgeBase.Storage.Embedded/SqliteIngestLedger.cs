using System.Globalization;
using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>The ingest ledger in the embedded database: source → document, and the latest failure per source.</summary>
public sealed class SqliteIngestLedger(SqliteDatabase database) : IIngestLedger
{
    public Task<SourceState?> GetSourceAsync(string source, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        return Task.FromResult(connection.QueryFirst(null, "SELECT source, document_id, content_hash FROM sources WHERE source = $source",
            r => new SourceState(r.GetString(0), r.GetString(1), r.GetString(2)), ("$source", source)));
    }

    public Task AddSourceAsync(SourceState state, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        connection.Execute(tx, """
            INSERT INTO sources(source, document_id, content_hash, updated_at) VALUES ($source, $id, $hash, $at)
            ON CONFLICT(source) DO UPDATE SET document_id = excluded.document_id, content_hash = excluded.content_hash, updated_at = excluded.updated_at
            """, ("$source", state.Source), ("$id", state.DocumentId), ("$hash", state.ContentHash), ("$at", Now()));
        connection.Execute(tx, "DELETE FROM failures WHERE source = $source", ("$source", state.Source));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<string?> RemoveSourceAsync(string source, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        return Task.FromResult(connection.Scalar(null, "DELETE FROM sources WHERE source = $source RETURNING document_id", ("$source", source)) as string);
    }

    public Task<IReadOnlyList<string>> GetSourcesAsync(string documentId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        return Task.FromResult<IReadOnlyList<string>>(connection.Query(null, "SELECT source FROM sources WHERE document_id = $id ORDER BY source",
            r => r.GetString(0), ("$id", documentId)));
    }

    public Task RecordFailureAsync(IngestFailureRecord failure, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        connection.Execute(null, """
            INSERT INTO failures(source, content_hash, kind, reason, at) VALUES ($source, $hash, $kind, $reason, $at)
            ON CONFLICT(source) DO UPDATE SET content_hash = excluded.content_hash, kind = excluded.kind, reason = excluded.reason, at = excluded.at
            """, ("$source", failure.Source), ("$hash", failure.ContentHash), ("$kind", failure.Kind), ("$reason", failure.Reason),
            ("$at", failure.At.ToString("O", CultureInfo.InvariantCulture)));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IngestFailureRecord>> GetFailuresAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        return Task.FromResult<IReadOnlyList<IngestFailureRecord>>(connection.Query(null,
            $"SELECT {FailureColumns} FROM failures ORDER BY at DESC LIMIT $limit", ReadFailure, ("$limit", limit)));
    }

    public Task<IngestFailureRecord?> GetFailureAsync(string source, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        return Task.FromResult(connection.QueryFirst(null, $"SELECT {FailureColumns} FROM failures WHERE source = $source", ReadFailure, ("$source", source)));
    }

    private const string FailureColumns = "source, content_hash, kind, reason, at";

    private static IngestFailureRecord ReadFailure(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture));

    public Task<int> CountFailuresAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        return Task.FromResult((int)(connection.Long(null, "SELECT count(*) FROM failures") ?? 0));
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}
