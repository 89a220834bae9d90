using System.Text.Encodings.Web;
using KnowledgeBase.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// Signs a caller in from the <c>X-Api-Key</c> header: the key store checks the hashed secret and the key's role
/// and organisation become claims. No header means anonymous (public reads only). This is how programs sign in; the
/// web page signs in once through <c>POST /api/session</c> and then sends its session cookie (<see cref="SessionCookie"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
            return AuthenticateResult.NoResult();
        var key = await keys.ValidateAsync(values.ToString(), Context.RequestAborted);
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
