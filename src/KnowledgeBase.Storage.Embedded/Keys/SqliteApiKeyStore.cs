using System.Globalization;
using KnowledgeBase.Security;
using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Keys;

/// <summary>
/// API keys in the data directory's database (<c>api_keys</c> table), in the format of <see cref="ApiKeySecrets"/>:
/// the id finds the row, the secret is checked against its stored SHA-256.
/// </summary>
public sealed class SqliteApiKeyStore(SqliteDatabase database) : IApiKeyStore
{
    public Task<CreatedApiKey> CreateAsync(ApiRole role, string? organisation, string? name, CancellationToken cancellationToken = default)
    {
        var (id, hash, key) = ApiKeySecrets.Create();
        var info = new ApiKeyInfo(id, role, ApiKeySecrets.Organisation(role, organisation), string.IsNullOrWhiteSpace(name) ? null : name.Trim(), DateTimeOffset.UtcNow, null);
        using var connection = database.Open();
        connection.Execute(null, """
            INSERT INTO api_keys(id, secret_hash, role, organisation, name, created_at)
            VALUES ($id, $hash, $role, $org, $name, $at)
            """, ("$id", id), ("$hash", hash), ("$role", role.Name()), ("$org", info.Organisation), ("$name", info.Name),
            ("$at", info.CreatedAt.ToString("O", CultureInfo.InvariantCulture)));
        return Task.FromResult(new CreatedApiKey(info, key));
    }

    public Task<ApiKeyInfo?> ValidateAsync(string presentedKey, CancellationToken cancellationToken = default)
    {
        if (!ApiKeySecrets.TrySplit(presentedKey, out var id, out var secret)) return Task.FromResult<ApiKeyInfo?>(null);
        using var connection = database.Open();
        var rows = connection.Query(null, $"SELECT {Columns}, secret_hash FROM api_keys WHERE id = $id AND revoked_at IS NULL",
            r => (Info: Read(r), Hash: (byte[])r.GetValue(6)), ("$id", id));
        return Task.FromResult(rows.Count == 1 && ApiKeySecrets.Matches(secret, rows[0].Hash) ? rows[0].Info : null);
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        return Task.FromResult<IReadOnlyList<ApiKeyInfo>>(connection.Query(null, $"SELECT {Columns} FROM api_keys ORDER BY created_at, id", Read));
    }

    public Task<ApiKeyInfo?> GetAsync(string keyId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        var rows = connection.Query(null, $"SELECT {Columns} FROM api_keys WHERE id = $id", Read, ("$id", keyId));
        return Task.FromResult(rows.Count == 1 ? rows[0] : null);
    }

    public Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        return Task.FromResult(connection.Execute(null, "UPDATE api_keys SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL",
            ("$id", keyId), ("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture))) > 0);
    }

    private const string Columns = "id, role, organisation, name, created_at, revoked_at";

    private static ApiKeyInfo Read(SqliteDataReader r) => new(
        r.GetString(0),
        ApiRoles.TryParse(r.GetString(1), out var role) ? role : throw new InvalidDataException($"unknown role '{r.GetString(1)}' in api_keys"),
        r.TextOrNull(2),
        r.TextOrNull(3),
        DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture),
        r.IsDBNull(5) ? null : DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture));
}
