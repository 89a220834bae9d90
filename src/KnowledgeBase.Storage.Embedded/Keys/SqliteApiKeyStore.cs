using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KnowledgeBase.Security;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Keys;

/// <summary>
/// API keys in the data directory's database (<c>api_keys</c> table). A key reads <c>kb_&lt;id&gt;_&lt;secret&gt;</c>:
/// the id finds the row, the 256-bit random secret is checked against its SHA-256 in constant time. A fast hash is
/// enough because the secret is random, not a password; the clear key is shown once and never stored.
/// </summary>
public sealed class SqliteApiKeyStore : IApiKeyStore
{
    private const string Prefix = "kb_";
    private const int IdHexLength = 16;

    private readonly SqliteDatabase _database;

    public SqliteApiKeyStore(SqliteDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS api_keys(
                id TEXT PRIMARY KEY,
                secret_hash BLOB NOT NULL,
                role TEXT NOT NULL,
                organisation TEXT,
                name TEXT,
                created_at TEXT NOT NULL,
                revoked_at TEXT);
            """);
    }

    public Task<CreatedApiKey> CreateAsync(ApiRole role, string? organisation, string? name, CancellationToken cancellationToken = default)
    {
        organisation = string.IsNullOrWhiteSpace(organisation) ? null : organisation.Trim();
        if (role == ApiRole.Partner && organisation is null)
            throw new ArgumentException("A partner key must be bound to an organisation.", nameof(organisation));

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdHexLength / 2));
        var secret = Base64UrlSecret();
        var info = new ApiKeyInfo(id, role, organisation, string.IsNullOrWhiteSpace(name) ? null : name.Trim(), DateTimeOffset.UtcNow, null);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO api_keys(id, secret_hash, role, organisation, name, created_at)
            VALUES ($id, $hash, $role, $org, $name, $at)
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$hash", Hash(secret));
        command.Parameters.AddWithValue("$role", role.Name());
        command.Parameters.AddWithValue("$org", (object?)info.Organisation ?? DBNull.Value);
        command.Parameters.AddWithValue("$name", (object?)info.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", info.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        return Task.FromResult(new CreatedApiKey(info, $"{Prefix}{id}_{secret}"));
    }

    public Task<ApiKeyInfo?> ValidateAsync(string presentedKey, CancellationToken cancellationToken = default)
    {
        if (!TrySplit(presentedKey, out var id, out var secret)) return Task.FromResult<ApiKeyInfo?>(null);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns}, secret_hash FROM api_keys WHERE id = $id AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return Task.FromResult<ApiKeyInfo?>(null);
        var stored = (byte[])reader.GetValue(6);
        var matches = CryptographicOperations.FixedTimeEquals(stored, Hash(secret));
        return Task.FromResult(matches ? Read(reader) : null);
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM api_keys ORDER BY created_at, id";
        using var reader = command.ExecuteReader();
        var keys = new List<ApiKeyInfo>();
        while (reader.Read()) keys.Add(Read(reader));
        return Task.FromResult<IReadOnlyList<ApiKeyInfo>>(keys);
    }

    public Task<ApiKeyInfo?> GetAsync(string keyId, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM api_keys WHERE id = $id";
        command.Parameters.AddWithValue("$id", keyId);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? Read(reader) : null);
    }

    public Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_keys SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$id", keyId);
        command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return Task.FromResult(command.ExecuteNonQuery() > 0);
    }

    private const string Columns = "id, role, organisation, name, created_at, revoked_at";

    private static ApiKeyInfo Read(SqliteDataReader r) => new(
        r.GetString(0),
        ApiRoles.TryParse(r.GetString(1), out var role) ? role : throw new InvalidDataException($"unknown role '{r.GetString(1)}' in api_keys"),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture),
        r.IsDBNull(5) ? null : DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture));

    private static bool TrySplit(string presented, out string id, out string secret)
    {
        id = secret = "";
        presented = presented.Trim();
        if (presented.Length < Prefix.Length + IdHexLength + 2 || !presented.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        id = presented.Substring(Prefix.Length, IdHexLength);
        if (presented[Prefix.Length + IdHexLength] != '_' || !id.All(char.IsAsciiHexDigitLower)) return false;
        secret = presented[(Prefix.Length + IdHexLength + 1)..];
        return secret.Length > 0;
    }

    private static string Base64UrlSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
