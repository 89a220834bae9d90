using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// Counts failed sign-ins (a wrong or revoked key in <c>X-Api-Key</c>, a bearer token that does not verify, a wrong
/// key sent to <c>POST /api/session</c>) per client address, with a fixed-window limiter from
/// <see cref="System.Threading.RateLimiting"/> that takes a permit per failure. Once
/// <see cref="ApiOptions.FailedSignInsPerMinute"/> are used up, that address's requests that present a credential are
/// answered 429 before the credential is even looked at, until the minute is over: a guess made then is never checked,
/// so it cannot tell a right key from a wrong one. Successful sign-ins cost nothing, requests without a credential
/// (anonymous, or the page's session cookie) are not refused, and other addresses are not affected. The ASP.NET Core
/// rate-limiting middleware does not fit here: it takes a permit before the request runs, and whether a sign-in failed
/// is known only after.
/// </summary>
/// <remarks>
/// Failures count against <see cref="ClientAddress"/>: an IPv6 client by its /64 network, a client behind a known reverse
/// proxy by the address the proxy forwards (<see cref="TrustedProxies"/>), never by one the client names itself.
/// </remarks>
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

    public void Record(HttpContext context) => _limiter.AttemptAcquire(ClientAddress.Of(context)).Dispose();

    /// <summary>Whether this address has used up its failures for the current minute.</summary>
    public bool IsBlocked(HttpContext context) => _limiter.GetStatistics(ClientAddress.Of(context)) is { CurrentAvailablePermits: <= 0 };

    public void Dispose() => _limiter.Dispose();

    /// <summary>Refuses requests that present a credential from an address over its failure budget, without checking it.</summary>
    public static IApplicationBuilder UseFailedSignInLimit(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var presentsKey = ApiKeyAuthenticationHandler.PresentsCredential(context.Request)
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
