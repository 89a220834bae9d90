namespace KnowledgeBase.Security;

/// <summary>An API key as it is listed: never the secret, only its id and what it grants.</summary>
public sealed record ApiKeyInfo(string Id, ApiRole Role, string? Organisation, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>A freshly created key: <see cref="Secret"/> is shown once and never stored in clear.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Secret);

/// <summary>Issues, checks, lists and revokes API keys. Keys are stored hashed.</summary>
public interface IApiKeyStore
{
    /// <summary>Creates a key. Partners must name their organisation.</summary>
    Task<CreatedApiKey> CreateAsync(ApiRole role, string? organisation, string? name, CancellationToken cancellationToken = default);

    /// <summary>The active key that <paramref name="presentedKey"/> proves, or null (unknown, malformed or revoked).</summary>
    Task<ApiKeyInfo?> ValidateAsync(string presentedKey, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A key by id (active or revoked), or null. Sessions signed in with a key are checked against it on every request,
    /// so revoking the key ends them. A store with many keys should answer this with one indexed lookup.
    /// </summary>
    async Task<ApiKeyInfo?> GetAsync(string keyId, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(k => k.Id == keyId);

    /// <summary>Revokes a key by id; false when no active key has that id.</summary>
    Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken = default);
}

/// <summary>A key as it is stored: what it grants and the hash of its secret (moving keys between stores keeps them valid).</summary>
public sealed record StoredApiKey(ApiKeyInfo Info, byte[] SecretHash);
