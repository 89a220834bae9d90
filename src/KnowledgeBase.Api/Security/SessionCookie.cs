using KnowledgeBase.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using KnowledgeBase.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// The web page's sign-in. <c>POST /api/session</c> checks an API key once and answers with a cookie that holds an
/// ASP.NET Core authentication ticket (the key's id, role and organisation; never the key), encrypted and signed with
/// the data-protection keys kept in <c>DATA/session-keys</c>, so sessions survive a restart. The cookie is HttpOnly
/// (no page script, and so no injected script, can read it), SameSite=Strict (other sites cannot make the browser
/// send it) and Secure when the page is served over HTTPS. Every request re-checks the key in the key store: revoking
/// a key ends its sessions at once. Writes authenticated by the cookie must also come from this server's own page
/// (<see cref="SameOriginWrites"/>).
/// </summary>
/// <remarks>
/// Rejected alternatives: keeping the key in <c>localStorage</c> or <c>sessionStorage</c> (any script that runs in
/// the origin reads it); a server-side session table (one more store seam for what a signed ticket plus a key lookup
/// already gives).
/// </remarks>
public static class SessionCookie
{
    public const string Scheme = "Session";
    public const string CookieName = "kb_session";

    public static AuthenticationBuilder AddSessionCookie(this AuthenticationBuilder auth, ApiOptions options)
    {
        auth.Services.AddDataProtection().SetApplicationName("KnowledgeBase");
        // The key ring lives in the data directory as the options resolve it (what PersistKeysToFileSystem does, but
        // with the directory known only once configuration is bound).
        auth.Services.AddOptions<KeyManagementOptions>().Configure<IOptions<KnowledgeBaseOptions>, ILoggerFactory>((o, knowledgeBase, logs) =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(knowledgeBase.Value.DataDirectory, "session-keys")), logs));
        return auth.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = options.SessionLifetime;
            o.SlidingExpiration = true;
            o.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = RecheckKeyAsync,
                // An API answers with a status, not a redirect to a login page.
                OnRedirectToLogin = c => ProblemAsync(c.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", "Sign in again: the session has ended."),
                OnRedirectToAccessDenied = c => ProblemAsync(c.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "Your role may not do this."),
            };
        });
    }

    /// <summary>Ends the session when its key was revoked (or changed) since it signed in.</summary>
    private static async Task RecheckKeyAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is { } principal && ApiKeyPrincipal.KeyId(principal) is { } keyId
            && await context.HttpContext.RequestServices.GetRequiredService<IApiKeyStore>().GetAsync(keyId, context.HttpContext.RequestAborted) is { IsActive: true } key
            && key.Role == principal.GetRole() && ApiKeyPrincipal.Create(key, Scheme).GetOrganisation() == principal.GetOrganisation())
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme);
    }

    private static Task ProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);
    }
}
