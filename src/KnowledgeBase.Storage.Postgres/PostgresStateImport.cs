using System.Text.Json;
using KnowledgeBase.Jobs;
using KnowledgeBase.Security;
using NpgsqlTypes;

namespace KnowledgeBase.Storage.Postgres;

/// <summary>How many rows an import added (rows already present are left as they are).</summary>
public sealed record StateImportReport(int Sources, int Failures, int ApiKeys, int Jobs);

/// <summary>
/// Writes shared state read from another store (the embedded one) into PostgreSQL, in one transaction: ledger rows, API
/// keys with their hashes (so every key keeps working), jobs. Rows whose key is already present are skipped, so a
/// repeated import adds nothing.
/// </summary>
public sealed class PostgresStateImport(PostgresDatabase database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<StateImportReport> ImportAsync(IEnumerable<SourceState> sources, IEnumerable<IngestFailureRecord> failures,
        IEnumerable<StoredApiKey> keys, IEnumerable<IngestJob> jobs, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int s = 0, f = 0, k = 0, j = 0;
        foreach (var source in sources)
            s += await connection.ExecuteAsync(transaction, """
                INSERT INTO kb_sources(source, document_id, content_hash, updated_at) VALUES (@source, @id, @hash, now()) ON CONFLICT DO NOTHING
                """, cancellationToken, ("source", source.Source), ("id", source.DocumentId), ("hash", source.ContentHash));
        foreach (var failure in failures)
            f += await connection.ExecuteAsync(transaction, """
                INSERT INTO kb_failures(source, content_hash, kind, reason, at) VALUES (@source, @hash, @kind, @reason, @at) ON CONFLICT DO NOTHING
                """, cancellationToken, ("source", failure.Source), ("hash", failure.ContentHash), ("kind", failure.Kind), ("reason", failure.Reason),
                ("at", failure.At.ToUniversalTime()));
        foreach (var key in keys)
            k += await connection.ExecuteAsync(transaction, """
                INSERT INTO kb_api_keys(id, secret_hash, role, organisation, name, created_at, revoked_at)
                VALUES (@id, @hash, @role, @org, @name, @created, @revoked) ON CONFLICT DO NOTHING
                """, cancellationToken, ("id", key.Info.Id), ("hash", key.SecretHash), ("role", key.Info.Role.Name()), ("org", key.Info.Organisation),
                ("name", key.Info.Name), ("created", key.Info.CreatedAt.ToUniversalTime()), ("revoked", key.Info.RevokedAt?.ToUniversalTime()));
        foreach (var job in jobs)
        {
            await using var insert = connection.Command(transaction, """
                INSERT INTO kb_jobs(id, staged_path, source, metadata, pinned_document_id, submitted_by, content_hash, state, attempts, not_before,
                                    error, document_id, created, updated)
                VALUES (@id, @staged, @source, @meta, @pin, @by, @hash, @state, @attempts, @not_before, @error, @doc, @created, @updated)
                ON CONFLICT DO NOTHING
                """, ("id", job.Id), ("staged", job.Request.StagedPath), ("source", job.Request.Source), ("pin", job.Request.DocumentId),
                ("by", job.Request.SubmittedBy), ("hash", job.Request.ContentHash), ("state", job.State.ToString().ToLowerInvariant()),
                ("attempts", job.Attempts), ("not_before", (job.NotBefore ?? job.UpdatedAt).ToUniversalTime()), ("error", job.Error),
                ("doc", job.DocumentId), ("created", job.CreatedAt.ToUniversalTime()), ("updated", job.UpdatedAt.ToUniversalTime()));
            insert.Parameters.Add(new Npgsql.NpgsqlParameter("meta", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(job.Request.Metadata, Json) });
            j += await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new StateImportReport(s, f, k, j);
    }
}
