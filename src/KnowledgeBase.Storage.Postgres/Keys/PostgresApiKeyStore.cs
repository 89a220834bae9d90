using KnowledgeBase.Security;
using Npgsql;

namespace KnowledgeBase.Storage.Postgres.Keys;

/// <summary>API keys in PostgreSQL (<c>kb_api_keys</c>), in the format of <see cref="ApiKeySecrets"/>: only the secret's SHA-256 is stored.</summary>
public sealed class PostgresApiKeyStore(PostgresDatabase database) : IApiKeyStore
{
    private const string Columns = "id, role, organisation, name, created_at, revoked_at";

    public async Task<CreatedApiKey> CreateAsync(ApiRole role, string? organisation, string? name, CancellationToken cancellationToken = default)
    {
        var (id, hash, key) = ApiKeySecrets.Create();
        // Microsecond precision, as PostgreSQL stores it, so the key lists exactly as it was returned.
        var now = DateTimeOffset.UtcNow;
        var info = new ApiKeyInfo(id, role, ApiKeySecrets.Organisation(role, organisation), string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
            now.AddTicks(-(now.Ticks % 10)), null);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(null, """
            INSERT INTO kb_api_keys(id, secret_hash, role, organisation, name, created_at) VALUES (@id, @hash, @role, @org, @name, @at)
            """, cancellationToken, ("id", id), ("hash", hash), ("role", role.Name()), ("org", info.Organisation), ("name", info.Name), ("at", info.CreatedAt));
        return new CreatedApiKey(info, key);
    }

    public async Task<ApiKeyInfo?> ValidateAsync(string presentedKey, CancellationToken cancellationToken = default)
    {
        if (!ApiKeySecrets.TrySplit(presentedKey, out var id, out var secret)) return null;
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync(null, $"SELECT {Columns}, secret_hash FROM kb_api_keys WHERE id = @id AND revoked_at IS NULL",
            r => (Info: Read(r), Hash: r.GetFieldValue<byte[]>(6)), cancellationToken, ("id", id));
        return rows.Count == 1 && ApiKeySecrets.Matches(secret, rows[0].Hash) ? rows[0].Info : null;
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(null, $"SELECT {Columns} FROM kb_api_keys ORDER BY created_at, id COLLATE \"C\"", Read, cancellationToken);
    }

    public async Task<ApiKeyInfo?> GetAsync(string keyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync(null, $"SELECT {Columns} FROM kb_api_keys WHERE id = @id", Read, cancellationToken, ("id", keyId))).FirstOrDefault();
    }

    public async Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(null, "UPDATE kb_api_keys SET revoked_at = now() WHERE id = @id AND revoked_at IS NULL",
            cancellationToken, ("id", keyId)) > 0;
    }

    private static ApiKeyInfo Read(NpgsqlDataReader r) => new(
        r.GetString(0),
        ApiRoles.TryParse(r.GetString(1), out var role) ? role : throw new InvalidDataException($"unknown role '{r.GetString(1)}' in kb_api_keys"),
        r.TextOrNull(2),
        r.TextOrNull(3),
        r.GetFieldValue<DateTimeOffset>(4),
        r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5));
}
