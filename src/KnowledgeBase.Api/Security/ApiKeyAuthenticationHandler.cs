using System.Text.Encodings.Web;
using KnowledgeBase.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// Signs a caller in from the <c>X-Api-Key</c> header, or from <c>Authorization: Bearer</c> holding an API key: the key
/// store checks the hashed secret and the key's role and organisation become claims. No credential means anonymous
/// (public reads only). This is how programs sign in; the web page signs in once through <c>POST /api/session</c> and
/// then sends its session cookie (<see cref="SessionCookie"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const string BearerPrefix = "Bearer ";

    /// <summary>The token of an <c>Authorization: Bearer</c> header, or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? authorization[BearerPrefix.Length..].Trim() : null;
    }

    /// <summary>Whether a bearer token has the API key format (<c>kb_…</c>) rather than being a token for JWT sign-in.</summary>
    public static bool IsApiKeyToken(string? token) => token is not null && token.StartsWith(ApiKeySecrets.Prefix, StringComparison.Ordinal);

    /// <summary>Whether the request carries a credential of its own (a key header or a bearer token), as opposed to the session cookie or none.</summary>
    public static bool PresentsCredential(HttpRequest request) => request.Headers.ContainsKey(HeaderName) || BearerToken(request) is not null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers.TryGetValue(HeaderName, out var values) ? values.ToString() : BearerToken(Request);
        if (presented is null) return AuthenticateResult.NoResult();
        if (string.IsNullOrWhiteSpace(presented)) return AuthenticateResult.Fail("empty API key");
        var key = await keys.ValidateAsync(presented, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("invalid or revoked API key");

        return AuthenticateResult.Success(new AuthenticationTicket(ApiKeyPrincipal.Create(key, SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        await Results.Problem("Sign in with an API key in the X-Api-Key header.", statusCode: 401, title: "Unauthorized").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem("Your role may not do this.", statusCode: 403, title: "Forbidden").ExecuteAsync(Context);
    }
}
