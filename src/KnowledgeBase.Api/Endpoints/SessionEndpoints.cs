using System.Security.Claims;
using KnowledgeBase.Api.Security;
using KnowledgeBase.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Api.Endpoints;

/// <summary>What the page sends to sign in.</summary>
public sealed record SessionRequest(string? Key);

/// <summary>Who the caller is, as <c>GET /api/me</c> and <c>POST /api/session</c> answer.</summary>
public sealed record MeView(string? Role, string? Organisation, string? Name, bool CanUpload, bool IsStaff, bool IsAdmin, bool Session)
{
    public static MeView From(ClaimsPrincipal user)
    {
        var role = user.GetRole();
        return new MeView(role?.Name(), user.GetOrganisation(), role is null ? null : user.Identity?.Name,
            role is ApiRole.Partner or ApiRole.Staff or ApiRole.Admin, role is ApiRole.Staff or ApiRole.Admin, role is ApiRole.Admin,
            user.Identity?.AuthenticationType == SessionCookie.Scheme);
    }
}

/// <summary>
/// Sign-in for the web page: <c>POST /api/session</c> with <c>{"key":"…"}</c> sets the HttpOnly session cookie,
/// <c>DELETE /api/session</c> signs out, <c>GET /api/me</c> says who is signed in (see <see cref="SessionCookie"/>).
/// </summary>
public static class SessionEndpoints
{
    /// <summary>
    /// Largest body of <c>POST /api/session</c>: <c>{"key":"…"}</c> is under 100 bytes. Without its own limit the endpoint
    /// took the server's default (about 30 MB), so anyone could make it read that much for each wrong key.
    /// </summary>
    public const long MaxSignInBodyBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/session").WithTags("Session");
        session.MapPost("/", SignInAsync)
            // Kestrel refuses a declared length past it before reading any of the body, and stops a chunked one there.
            .WithMetadata(new RequestSizeLimitAttribute(MaxSignInBodyBytes))
            .Produces<MeView>()
            .WithSummary("Sign the page in with an API key: sets an HttpOnly, SameSite=Strict session cookie (the key is not kept in the browser)");
        session.MapDelete("/", (Delegate)SignOutAsync).WithSummary("Sign the page out (removes the session cookie)");
        app.MapGet("/api/me", (ClaimsPrincipal user) => Results.Ok(MeView.From(user)))
            .WithTags("Session").WithSummary("Who the caller is (role and organisation; anonymous has none)");
        return app;
    }

    private static async Task<IResult> SignInAsync(SessionRequest request, HttpContext context, [FromServices] IApiKeyStore keys,
        [FromServices] AuthenticationFailures failures, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Key)) return Results.Problem("'key' is required.", statusCode: 400);
        var key = await keys.ValidateAsync(request.Key.Trim(), ct);
        if (key is null)
        {
            failures.Record(context);
            return Results.Problem("The API key is invalid or revoked.", statusCode: 401, title: "Unauthorized");
        }
        var principal = ApiKeyPrincipal.Create(key, SessionCookie.Scheme);
        await context.SignInAsync(SessionCookie.Scheme, principal, new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        return Results.Ok(MeView.From(principal));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(SessionCookie.Scheme);
        return Results.NoContent();
    }
}
