using System.Security.Claims;
using KnowledgeBase.Security;

namespace KnowledgeBase.Api.Security;

/// <summary>The claims of a caller signed in with an API key, whether it came in the header or through a session.</summary>
public static class ApiKeyPrincipal
{
    /// <summary>Role and organisation become claims; the key id (never the secret) identifies the caller.</summary>
    public static ClaimsPrincipal Create(ApiKeyInfo key, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id),
            new(KnowledgeBaseClaims.CallerId, "key:" + key.Id),
            new(ClaimTypes.Name, key.Name ?? key.Id),
            new(ClaimTypes.Role, key.Role.Name()),
        };
        // Only partners see by organisation; an organisation on another role's key must not make that caller's uploads
        // owned by (and so visible to) that organisation's partners.
        if (key.Role == ApiRole.Partner && key.Organisation is not null) claims.Add(new Claim(KnowledgeBaseClaims.Organisation, key.Organisation));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    /// <summary>The key id a principal was signed in with, or null (anonymous, bearer token).</summary>
    public static string? KeyId(ClaimsPrincipal principal) =>
        principal.FindFirst(KnowledgeBaseClaims.CallerId)?.Value is { } caller && caller.StartsWith("key:", StringComparison.Ordinal) ? caller[4..] : null;
}
