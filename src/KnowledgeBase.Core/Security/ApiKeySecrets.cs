using System.Security.Cryptography;
using System.Text;

namespace KnowledgeBase.Security;

/// <summary>
/// The format of an API key, shared by every key store: <c>kb_&lt;id&gt;_&lt;secret&gt;</c>. The 16-hex-digit id finds the
/// stored row; the 256-bit random secret is checked against its SHA-256 in constant time. A fast hash is enough because
/// the secret is random, not a password; the clear key is shown once and never stored.
/// </summary>
public static class ApiKeySecrets
{
    private const string Prefix = "kb_";
    private const int IdHexLength = 16;

    /// <summary>A new key: its id, the hash to store, and the clear key to show once.</summary>
    public static (string Id, byte[] SecretHash, string Key) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdHexLength / 2));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, Hash(secret), $"{Prefix}{id}_{secret}");
    }

    /// <summary>Splits a presented key into id and secret; false when it is not in the key format.</summary>
    public static bool TrySplit(string presented, out string id, out string secret)
    {
        id = secret = "";
        presented = presented.Trim();
        if (presented.Length < Prefix.Length + IdHexLength + 2 || !presented.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        id = presented.Substring(Prefix.Length, IdHexLength);
        if (presented[Prefix.Length + IdHexLength] != '_' || !id.All(char.IsAsciiHexDigitLower)) return false;
        secret = presented[(Prefix.Length + IdHexLength + 1)..];
        return secret.Length > 0;
    }

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="storedHash"/> (constant time).</summary>
    public static bool Matches(string secret, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(storedHash, Hash(secret));

    /// <summary>The stored form of a partner organisation: trimmed, null when blank; partners must have one.</summary>
    public static string? Organisation(ApiRole role, string? organisation)
    {
        organisation = string.IsNullOrWhiteSpace(organisation) ? null : organisation.Trim();
        if (role == ApiRole.Partner && organisation is null)
            throw new ArgumentException("A partner key must be bound to an organisation.", nameof(organisation));
        return organisation;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
