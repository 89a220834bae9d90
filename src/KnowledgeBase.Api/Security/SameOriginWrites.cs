namespace KnowledgeBase.Api.Security;

/// <summary>
/// Cross-site request forgery protection for the session cookie. SameSite=Strict already keeps browsers from sending
/// the cookie with requests started by other sites, but "site" ignores ports and sibling subdomains (a page on
/// <c>127.0.0.1:8080</c> is same-site with <c>127.0.0.1:5080</c>). So every write (POST, PUT, PATCH, DELETE) that a
/// browser could authenticate by the cookie, and every sign-in and sign-out, must name this server as its origin:
/// browsers send <c>Origin</c> with every such request, and no page can forge it. Requests that authenticate with
/// <c>X-Api-Key</c> or a bearer token carry their credential explicitly and are not affected; other Authorization
/// schemes are not theirs and do not exempt a request.
/// </summary>
public static class SameOriginWrites
{
    public static IApplicationBuilder UseSameOriginWrites(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (NeedsCheck(context.Request) && !FromThisServer(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Results.Problem(
                "Writes signed in by the session cookie must come from this server's own page (the Origin header must name this server). Programs send the key in the X-Api-Key header.",
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context);
            return;
        }
        await next();
    });

    private static bool NeedsCheck(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return false;
        if (request.Path.StartsWithSegments(SessionEndpointsPath)) return true;
        // Exempt exactly the requests that authentication signs in by their header (the same test picks the handler):
        // any other Authorization header, such as the Basic or Negotiate credentials browsers add by themselves for an
        // authenticating proxy, even to requests from other pages, leaves the cookie to sign the request in.
        return request.Cookies.ContainsKey(SessionCookie.CookieName) && !ApiKeyAuthenticationHandler.PresentsCredential(request);
    }

    private const string SessionEndpointsPath = "/api/session";

    /// <summary>
    /// The Origin's host and port equal the Host the request was sent to. The scheme is not compared, so a TLS-terminating
    /// proxy that forwards plain HTTP (and keeps the Host header) still passes. Without Origin, Sec-Fetch-Site decides.
    /// </summary>
    private static bool FromThisServer(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return request.Headers["Sec-Fetch-Site"].ToString() == "same-origin";
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return false;
        var host = request.Host;
        if (!host.HasValue) return false;
        var requestPort = host.Port ?? (uri.Scheme == "https" ? 443 : 80);
        return string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == requestPort;
    }
}
