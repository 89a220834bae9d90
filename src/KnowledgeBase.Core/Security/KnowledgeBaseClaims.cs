using System.Security.Claims;

namespace KnowledgeBase.Security;

/// <summary>
/// Claims the API puts on (or maps onto) a signed-in caller. Roles use <see cref="ClaimTypes.Role"/> so the
/// framework's role checks work; the organisation of a partner has its own claim type.
/// </summary>
public static class KnowledgeBaseClaims
{
    /// <summary>The organisation a caller belongs to (required for partners).</summary>
    public const string Organisation = "kb:org";

    /// <summary>The API key id (never the secret) or the token subject; used for job ownership and rate limits.</summary>
    public const string CallerId = "kb:caller";

    public static string? GetOrganisation(this ClaimsPrincipal principal) =>
        principal.FindFirst(Organisation)?.Value is { Length: > 0 } org ? org : null;

    public static string? GetCallerId(this ClaimsPrincipal principal) =>
        principal.FindFirst(CallerId)?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value;

    /// <summary>The strongest role the principal holds, or null for anonymous callers.</summary>
    public static ApiRole? GetRole(this ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        ApiRole? best = null;
        foreach (var claim in principal.FindAll(ClaimTypes.Role))
        {
            if (!ApiRoles.TryParse(claim.Value, out var role)) continue;
            if (best is null || Strength(role) > Strength(best.Value)) best = role;
        }
        return best;
    }

    /// <summary>
    /// What this caller may see. Anonymous callers and principals without a known role get
    /// <see cref="AccessScope.PublicOnly"/>; a partner without an organisation sees public documents only.
    /// </summary>
    public static AccessScope ToAccessScope(this ClaimsPrincipal principal) => principal.GetRole() switch
    {
        ApiRole.Admin or ApiRole.Staff => AccessScope.Everything,
        ApiRole.Member => new AccessScope(SeesInternal: true, SeesEverything: false, Organisation: null),
        ApiRole.Partner => new AccessScope(SeesInternal: false, SeesEverything: false, Organisation: principal.GetOrganisation()),
        _ => AccessScope.PublicOnly,
    };

    private static int Strength(ApiRole role) => role switch
    {
        ApiRole.Partner => 1,
        ApiRole.Member => 2,
        ApiRole.Staff => 3,
        ApiRole.Admin => 4,
        _ => 0,
    };
}
