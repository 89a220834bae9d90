using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// Counts failed sign-ins (a wrong or revoked key in <c>X-Api-Key</c> or <c>POST /api/session</c>) per client address.
/// Past <see cref="ApiOptions.FailedSignInsPerMinute"/> in a minute, that address's requests that present a key are
/// answered 429 before the key is even checked, until the minute is over. The per-key limiter cannot do this: a wrong
/// key signs nobody in, so it has no key to be counted against.
/// </summary>
public sealed class AuthenticationFailures(IOptions<ApiOptions> options) : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.FailedSignInsPerMinute),
            Window = Window,
            QueueLimit = 0,
        }));

    public void Record(HttpContext context) => _limiter.AttemptAcquire(Address(context)).Dispose();

    /// <summary>Whether this address has used up its failures for the current minute.</summary>
    public bool IsBlocked(HttpContext context) => _limiter.GetStatistics(Address(context)) is { CurrentAvailablePermits: <= 0 };

    public void Dispose() => _limiter.Dispose();

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Refuses requests that present a key from an address over its failure budget, without checking the key.</summary>
    public static IApplicationBuilder UseFailedSignInLimit(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var presentsKey = context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
            || (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/session"));
        if (presentsKey && context.RequestServices.GetRequiredService<AuthenticationFailures>().IsBlocked(context))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await Results.Problem("Too many failed sign-ins from this address; try again in a minute.", statusCode: 429, title: "Too Many Requests")
                .ExecuteAsync(context);
            return;
        }
        await next();
    });
}
