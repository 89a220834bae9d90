using System.Buffers;
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
    /// <summary>How every key starts; also how a bearer token is recognised as a key rather than an identity provider's token.</summary>
    public const string Prefix = "kb_";
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

    /// <summary>
    /// Whether <paramref name="text"/> holds something in the key format (<c>kb_</c>, 16 lower-case hex digits, <c>_</c>),
    /// valid or not: text that must not keep a key in clear (a URL about to be logged) is checked with this.
    /// </summary>
    public static bool ContainsKeyLike(ReadOnlySpan<char> text)
    {
        int at;
        while ((at = text.IndexOf(Prefix, StringComparison.Ordinal)) >= 0)
        {
            text = text[(at + Prefix.Length)..];
            if (text.Length > IdHexLength && text[IdHexLength] == '_' && !text[..IdHexLength].ContainsAnyExcept(LowerHex)) return true;
        }
        return false;
    }

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="storedHash"/> (constant time).</summary>
    public static bool Matches(string secret, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(storedHash, Hash(secret));

    /// <summary>
    /// The stored form of a partner organisation: trimmed, null when blank. Partners must have one and no other role may:
    /// members, staff and admins see by their role alone, and an organisation on their key would make their uploads that
    /// organisation's own (see <see cref="AccessScope"/>).
    /// </summary>
    public static string? Organisation(ApiRole role, string? organisation)
    {
        organisation = string.IsNullOrWhiteSpace(organisation) ? null : organisation.Trim();
        if (OrganisationProblem(role, organisation) is { } problem) throw new ArgumentException(problem, nameof(organisation));
        return organisation;
    }

    /// <summary>Why a key of <paramref name="role"/> cannot have <paramref name="organisation"/>, or null when it can.</summary>
    public static string? OrganisationProblem(ApiRole role, string? organisation)
    {
        var blank = string.IsNullOrWhiteSpace(organisation);
        if (role == ApiRole.Partner && blank) return "A partner key needs an organisation.";
        if (role != ApiRole.Partner && !blank)
            return $"Only partner keys are bound to an organisation; {(role == ApiRole.Admin ? "an" : "a")} {role.Name()} key sees by its role alone, so leave the organisation out.";
        return null;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
