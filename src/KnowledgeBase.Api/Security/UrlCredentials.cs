using KnowledgeBase.Security;
using Microsoft.AspNetCore.Hosting.Server;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// Finds credentials in a URL's query string: a parameter named like one (<c>key</c>, <c>api_key</c>,
/// <c>access_token</c>, …) with a value, or any name or value in the API key format, percent-encoded or not. The API
/// never takes a credential from the URL (URLs end up in logs, browser history, proxies and Referer headers); such
/// requests are refused, and their query strings are redacted before anything can log them (<see cref="UrlCredentialRedaction"/>).
/// </summary>
public static class UrlCredentials
{
    public const string Redacted = "REDACTED";

    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "apikey", "api_key", "api-key", "x-api-key", "x_api_key", "access_token", "token", "auth", "authorization", "bearer",
    };

    /// <summary>
    /// The raw query string (with its leading <c>?</c>) with every credential's value replaced by <see cref="Redacted"/>
    /// (a credential in a name replaces the name too), or null when it holds none.
    /// </summary>
    public static string? Redact(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery) || rawQuery == "?") return null;
        var parts = rawQuery.TrimStart('?').Split('&');
        var found = false;
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=');
            var rawName = equals < 0 ? parts[i] : parts[i][..equals];
            var name = Decode(rawName);
            var value = equals < 0 ? "" : Decode(parts[i][(equals + 1)..]);
            var keyInName = ApiKeySecrets.ContainsKeyLike(name);
            if (!keyInName && !ApiKeySecrets.ContainsKeyLike(value) && !(Names.Contains(name.Trim()) && value.Trim().Length > 0)) continue;
            parts[i] = (keyInName ? Redacted : rawName) + "=" + Redacted;
            found = true;
        }
        return found ? "?" + string.Join('&', parts) : null;
    }

    /// <summary>Percent-decoding as forms do (<c>+</c> is a space); text that does not decode is kept as it is.</summary>
    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    /// <summary>Marks a request whose query string held a credential (it was redacted before the request was logged).</summary>
    public sealed class Found;

    /// <summary>
    /// Answers 400 to a request that carried a credential in its URL, before authentication: the key is not used, and
    /// the answer says to send it in the header and to revoke it, since whatever stood between the client and this
    /// server may have recorded it.
    /// </summary>
    public static IApplicationBuilder UseNoCredentialsInUrls(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Features.Get<Found>() is not null || Redact(context.Request.QueryString.Value) is not null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Results.Problem(
                "API keys and tokens are not accepted in the URL: URLs are written to logs, browser history and proxies. Send the key in the " +
                $"{ApiKeyAuthenticationHandler.HeaderName} header (or Authorization: Bearer), or sign the page in through POST /api/session. " +
                "Revoke a key that was sent this way: it may have been recorded on its way here.",
                statusCode: StatusCodes.Status400BadRequest, title: "Bad Request").ExecuteAsync(context);
            return;
        }
        await next();
    });

    /// <summary>Wraps the registered server (Kestrel) so every request passes through the redaction first.</summary>
    public static IServiceCollection AddUrlCredentialRedaction(this IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IServer));
        if (registered is null) return services;
        services.Remove(registered);
        services.AddSingleton<IServer>(sp => new UrlCredentialRedaction(registered switch
        {
            { ImplementationInstance: IServer instance } => instance,
            { ImplementationFactory: { } factory } => (IServer)factory(sp),
            _ => (IServer)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!),
        }));
        return services;
    }
}
