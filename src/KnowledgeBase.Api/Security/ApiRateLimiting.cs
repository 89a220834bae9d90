using System.Globalization;
using System.Threading.RateLimiting;
using KnowledgeBase.Security;
using Microsoft.AspNetCore.RateLimiting;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// Per-caller rate limits: every <c>/api</c> request counts against the caller's API key (or IP address when
/// anonymous: <see cref="ClientAddress"/>); uploads have a tighter policy of their own. Over the limit answers 429 with Retry-After.
/// </summary>
public static class ApiRateLimiting
{
    public const string UploadPolicy = "uploads";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, ApiOptions options)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/api")
                    ? PerMinute(PartitionKey(context), options.RequestsPerMinute)
                    : RateLimitPartition.GetNoLimiter("unlimited"));
            o.AddPolicy(UploadPolicy, context => PerMinute(PartitionKey(context), options.UploadsPerMinute));
            o.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem("Too many requests; try again shortly.", statusCode: 429, title: "Too Many Requests").ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    /// <summary>Signed-in callers are limited per key (or token subject), anonymous ones per client address (IPv6 per /64).</summary>
    private static string PartitionKey(HttpContext context) =>
        context.User.GetCallerId() is { } caller ? caller : "ip:" + ClientAddress.Of(context);

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
