using System.Globalization;
using System.Text.Json;
using KnowledgeBase.Jobs;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using KnowledgeBase.Storage.Embedded.Schema;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>
/// Reads the shared state the data directory holds (ingest ledger, API keys with their hashes, jobs) so it can be moved
/// to another state store (<c>kb migrate --to postgres</c>). An administrator's tool: nothing is filtered.
/// </summary>
public sealed class SqliteStateExport(SqliteDatabase database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<SourceState> Sources()
    {
        using var connection = database.Open();
        return connection.Query(null, "SELECT source, document_id, content_hash FROM sources ORDER BY source", r => new SourceState(r.GetString(0), r.GetString(1), r.GetString(2)));
    }

    public IReadOnlyList<IngestFailureRecord> Failures()
    {
        using var connection = database.Open();
        return connection.Query(null, "SELECT source, content_hash, kind, reason, at FROM failures ORDER BY source",
            r => new IngestFailureRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture)));
    }

    public IReadOnlyList<StoredApiKey> ApiKeys()
    {
        using var connection = database.Open();
        return connection.Query(null, "SELECT id, role, organisation, name, created_at, revoked_at, secret_hash FROM api_keys ORDER BY created_at, id", r => new StoredApiKey(
            new ApiKeyInfo(r.GetString(0), ApiRoles.TryParse(r.GetString(1), out var role) ? role : throw new InvalidDataException($"unknown role '{r.GetString(1)}' in api_keys"),
                r.TextOrNull(2), r.TextOrNull(3), DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture),
                r.IsDBNull(5) ? null : DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture)),
            (byte[])r.GetValue(6)));
    }

    /// <summary>Every job, oldest first; a job that was running (its worker is gone) comes back queued.</summary>
    public IReadOnlyList<IngestJob> Jobs()
    {
        using var connection = database.Open();
        return connection.Query(null, """
            SELECT id, staged_path, source, metadata, pinned_document_id, submitted_by, content_hash, state, attempts, error, document_id, created, updated, not_before
            FROM jobs ORDER BY created, rowid
            """, r =>
        {
            var state = r.GetString(7) switch { "done" => JobState.Done, "failed" => JobState.Failed, _ => JobState.Queued };
            return new IngestJob(r.GetString(0),
                new IngestJobRequest(r.GetString(1), r.GetString(2), JsonSerializer.Deserialize<DocumentMetadata>(r.GetString(3), Json) ?? new DocumentMetadata(),
                    r.TextOrNull(4), r.TextOrNull(5), r.TextOrNull(6)),
                state, r.GetInt32(8), r.TextOrNull(9), r.TextOrNull(10),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12)),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(13)));
        });
    }
}
