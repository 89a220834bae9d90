using System.Security.Claims;
using KnowledgeBase.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Net.Http.Headers;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// Authentication (API keys; the page's session cookie; JWT bearer when an authority is configured) and the
/// authorization policies. A policy scheme picks the handler per request: a <c>Bearer</c> token goes to JWT, an
/// <c>X-Api-Key</c> header to API keys, otherwise the session cookie when there is one.
/// </summary>
public static class ApiAuthentication
{
    private const string SelectorScheme = "KnowledgeBase";

    public static IServiceCollection AddApiAuthentication(this IServiceCollection services, IConfiguration configuration, ApiOptions options)
    {
        var jwt = configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        var jwtEnabled = !string.IsNullOrWhiteSpace(jwt.Authority);

        var auth = services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key, bearer token or the page's session", o => o.ForwardDefaultSelector = context =>
                // A bearer token in the key format is a key; any other goes to the identity provider when one is configured
                // (without one, the key handler refuses it). A credential sent explicitly wins over the cookie the browser
                // adds by itself.
                jwtEnabled && !context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                           && ApiKeyAuthenticationHandler.BearerToken(context.Request) is { } token && !ApiKeyAuthenticationHandler.IsApiKeyToken(token)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : !ApiKeyAuthenticationHandler.PresentsCredential(context.Request) && context.Request.Cookies.ContainsKey(SessionCookie.CookieName)
                        ? SessionCookie.Scheme
                        : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { })
            .AddSessionCookie(options);
        services.AddSingleton<AuthenticationFailures>();
        if (jwtEnabled)
        {
            auth.AddJwtBearer(o =>
            {
                o.Authority = jwt.Authority;
                o.Audience = jwt.Audience;
                o.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.RoleClaimType = ClaimTypes.Role;
                o.Events = new JwtBearerEvents { OnTokenValidated = context => MapTokenClaims(context, jwt) };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Staff, p => p.RequireRole(ApiRoles.Staff, ApiRoles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(ApiRoles.Admin))
            .AddPolicy(Policies.CanUpload, p => p
                .RequireRole(ApiRoles.Partner, ApiRoles.Staff, ApiRoles.Admin)
                // A partner uploads on behalf of its organisation, so it must have one.
                .RequireAssertion(c => c.User.GetRole() != ApiRole.Partner || c.User.GetOrganisation() is not null));
        return services;
    }

    /// <summary>
    /// A key or bearer token that was sent but did not sign the caller in is refused, and counted against the client's
    /// address, even on endpoints open to anonymous callers: silently falling back to public results would hide a revoked
    /// or mistyped key.
    /// </summary>
    public static IApplicationBuilder UseRejectInvalidApiKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (ApiKeyAuthenticationHandler.PresentsCredential(context.Request) && context.User.Identity?.IsAuthenticated != true)
        {
            context.RequestServices.GetRequiredService<AuthenticationFailures>().Record(context);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers[HeaderNames.WWWAuthenticate] = $"{ApiKeyAuthenticationHandler.SchemeName} header=\"{ApiKeyAuthenticationHandler.HeaderName}\"";
            await Results.Problem("The API key or bearer token is invalid, expired or revoked.", statusCode: 401, title: "Unauthorized").ExecuteAsync(context);
            return;
        }
        await next();
    });

    /// <summary>
    /// Authentication in request order: addresses with too many failed sign-ins are refused first (without checking
    /// their key), then the caller is signed in, a key that fails is refused and counted, and cookie-authenticated
    /// writes must come from this server's page.
    /// </summary>
    public static IApplicationBuilder UseApiAuthentication(this IApplicationBuilder app)
    {
        AuthenticationFailures.UseFailedSignInLimit(app);
        app.UseAuthentication();
        app.UseRejectInvalidApiKeys();
        app.UseSameOriginWrites();
        return app;
    }

    /// <summary>Copies the identity provider's role and organisation claims onto the claim types the API checks.</summary>
    private static Task MapTokenClaims(TokenValidatedContext context, JwtOptions jwt)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity) return Task.CompletedTask;
        foreach (var claim in identity.FindAll(jwt.RoleClaim).ToList())
        {
            if (ApiRoles.TryParse(claim.Value, out var role) && !identity.HasClaim(ClaimTypes.Role, role.Name()))
                identity.AddClaim(new Claim(ClaimTypes.Role, role.Name()));
        }
        // Only partners see by organisation (as with keys, see ApiKeyPrincipal): a staff token's organisation must not make
        // its uploads that organisation's own.
        if (identity.FindFirst(jwt.OrganisationClaim)?.Value is { Length: > 0 } org && identity.FindFirst(KnowledgeBaseClaims.Organisation) is null
            && context.Principal.GetRole() == ApiRole.Partner)
            identity.AddClaim(new Claim(KnowledgeBaseClaims.Organisation, org));
        if (identity.FindFirst("sub")?.Value is { Length: > 0 } sub)
            identity.AddClaim(new Claim(KnowledgeBaseClaims.CallerId, "sub:" + sub));
        return Task.CompletedTask;
    }
}
