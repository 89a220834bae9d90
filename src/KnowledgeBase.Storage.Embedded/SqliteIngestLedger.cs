using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>The ingest ledger in the embedded database: source → document, and the latest failure per source.</summary>
public sealed class SqliteIngestLedger(SqliteDatabase database) : IIngestLedger
{
    public Task<SourceState?> GetSourceAsync(string source, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT source, document_id, content_hash FROM sources WHERE source = $source";
        command.Parameters.AddWithValue("$source", source);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? new SourceState(reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null);
    }

    public Task AddSourceAsync(SourceState state, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        SqliteKnowledgeStore.Run(connection, tx, """
            INSERT INTO sources(source, document_id, content_hash, updated_at) VALUES ($source, $id, $hash, $at)
            ON CONFLICT(source) DO UPDATE SET document_id = excluded.document_id, content_hash = excluded.content_hash, updated_at = excluded.updated_at
            """, ("$source", state.Source), ("$id", state.DocumentId), ("$hash", state.ContentHash), ("$at", Now()));
        SqliteKnowledgeStore.Run(connection, tx, "DELETE FROM failures WHERE source = $source", ("$source", state.Source));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<string?> RemoveSourceAsync(string source, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sources WHERE source = $source RETURNING document_id";
        command.Parameters.AddWithValue("$source", source);
        return Task.FromResult(command.ExecuteScalar() as string);
    }

    public Task<IReadOnlyList<string>> GetSourcesAsync(string documentId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT source FROM sources WHERE document_id = $id ORDER BY source";
        command.Parameters.AddWithValue("$id", documentId);
        var sources = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) sources.Add(reader.GetString(0));
        return Task.FromResult<IReadOnlyList<string>>(sources);
    }

    public Task RecordFailureAsync(IngestFailureRecord failure, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        SqliteKnowledgeStore.Run(connection, null, """
            INSERT INTO failures(source, content_hash, kind, reason, at) VALUES ($source, $hash, $kind, $reason, $at)
            ON CONFLICT(source) DO UPDATE SET content_hash = excluded.content_hash, kind = excluded.kind, reason = excluded.reason, at = excluded.at
            """, ("$source", failure.Source), ("$hash", failure.ContentHash), ("$kind", failure.Kind), ("$reason", failure.Reason),
            ("$at", failure.At.ToString("O", CultureInfo.InvariantCulture)));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IngestFailureRecord>> GetFailuresAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT source, content_hash, kind, reason, at FROM failures ORDER BY at DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        var failures = new List<IngestFailureRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            failures.Add(new IngestFailureRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture)));
        return Task.FromResult<IReadOnlyList<IngestFailureRecord>>(failures);
    }

    public Task<IngestFailureRecord?> GetFailureAsync(string source, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT source, content_hash, kind, reason, at FROM failures WHERE source = $source";
        command.Parameters.AddWithValue("$source", source);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read()
            ? new IngestFailureRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture))
            : null);
    }

    public Task<int> CountFailuresAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM failures";
        return Task.FromResult(Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}
