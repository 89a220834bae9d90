namespace KnowledgeBase.Api.Security;

/// <summary>
/// Headers on every answer: the page's Content-Security-Policy (script, style, images and connections from this
/// server only, no inline script or style, no plug-ins, not framable), <c>nosniff</c>, <c>X-Frame-Options: DENY</c> for
/// browsers without <c>frame-ancestors</c>, no Referer leaving the page, and resources that other sites may not embed.
/// Original files decide their own policy (<see cref="ServeAsDocument"/>; they are sandboxed, see <c>ServedFile</c>).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The page's policy. Everything the page needs comes from <c>wwwroot</c>; styles are set from script through the
    /// CSSOM (<c>element.style</c>), which this policy allows, never through <c>style</c> attributes in markup.
    /// </summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference (Scalar) is a third-party page with inline script and styles; it gets a policy of its own that
    /// still forbids framing and plug-ins and keeps it from loading anything from other servers.
    /// </summary>
    public const string ReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public const string ReferencePath = "/scalar";

    private static readonly object DocumentMarker = new();

    /// <summary>Marks the answer as a served document: it keeps the headers its endpoint set instead of the page's.</summary>
    public static void ServeAsDocument(HttpContext context) => context.Items[DocumentMarker] = true;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            // A served document decides its own policy and framing (see ServedFile); browsers also refuse to show a
            // sandboxed document that sends an opener policy.
            if (context.Items.ContainsKey(DocumentMarker)) return Task.CompletedTask;
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ReferencePath) ? ReferencePolicy : PagePolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next();
    });
}
