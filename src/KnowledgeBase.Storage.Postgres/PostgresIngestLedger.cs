namespace KnowledgeBase.Storage.Postgres;

/// <summary>The ingest ledger in PostgreSQL (<c>kb_sources</c>, <c>kb_failures</c>): source → document, and the latest failure per source.</summary>
public sealed class PostgresIngestLedger(PostgresDatabase database) : IIngestLedger
{
    public async Task<SourceState?> GetSourceAsync(string source, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync(null, "SELECT source, document_id, content_hash FROM kb_sources WHERE source = @source",
            r => new SourceState(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken, ("source", source));
        return rows.FirstOrDefault();
    }

    public async Task AddSourceAsync(SourceState state, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // One round trip, one implicit transaction: recording the source clears its earlier failure.
        await connection.ExecuteAsync(null, """
            INSERT INTO kb_sources(source, document_id, content_hash, updated_at) VALUES (@source, @id, @hash, now())
            ON CONFLICT (source) DO UPDATE SET document_id = excluded.document_id, content_hash = excluded.content_hash, updated_at = excluded.updated_at;
            DELETE FROM kb_failures WHERE source = @source;
            """, cancellationToken, ("source", state.Source), ("id", state.DocumentId), ("hash", state.ContentHash));
    }

    public async Task<string?> RemoveSourceAsync(string source, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ScalarAsync(null, "DELETE FROM kb_sources WHERE source = @source RETURNING document_id", cancellationToken, ("source", source)) as string;
    }

    public async Task<IReadOnlyList<string>> GetSourcesAsync(string documentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(null, """SELECT source FROM kb_sources WHERE document_id = @id ORDER BY source COLLATE "C" """,
            r => r.GetString(0), cancellationToken, ("id", documentId));
    }

    public async Task RecordFailureAsync(IngestFailureRecord failure, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(null, """
            INSERT INTO kb_failures(source, content_hash, kind, reason, at) VALUES (@source, @hash, @kind, @reason, @at)
            ON CONFLICT (source) DO UPDATE SET content_hash = excluded.content_hash, kind = excluded.kind, reason = excluded.reason, at = excluded.at
            """, cancellationToken, ("source", failure.Source), ("hash", failure.ContentHash), ("kind", failure.Kind), ("reason", failure.Reason),
            ("at", failure.At.ToUniversalTime()));
    }

    public async Task<IReadOnlyList<IngestFailureRecord>> GetFailuresAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(null, "SELECT source, content_hash, kind, reason, at FROM kb_failures ORDER BY at DESC LIMIT @limit",
            r => new IngestFailureRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4)),
            cancellationToken, ("limit", limit));
    }

    public async Task<int> CountFailuresAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (int)(long)(await connection.ScalarAsync(null, "SELECT count(*) FROM kb_failures", cancellationToken))!;
    }
}
