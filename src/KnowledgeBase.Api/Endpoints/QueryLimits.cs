using KnowledgeBase.Retrieval;
using KnowledgeBase.Configuration;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api.Endpoints;

/// <summary>
/// The bounds on one query's work as the API applies them: a query past the analysis limits (characters, terms,
/// result depth; <see cref="QueryLimitException"/>) is answered 400 with the reason, and every query endpoint runs
/// under a time limit (<see cref="ApiOptions.QueryTimeout"/>) whose expiry, like a client that hangs up, cancels the
/// request's token down to the store's scoring loop.
/// </summary>
public static class QueryLimits
{
    public const string TimeoutPolicy = "query";
    public const string AskTimeoutPolicy = "ask";

    /// <summary>Largest JSON body of <c>POST /api/ask</c>: a question within the limits and its filters fit many times over.</summary>
    public const long MaxAskBodyBytes = 64 * 1024;

    /// <summary>Kestrel's own default for the request line (method, path, query string).</summary>
    private const int DefaultRequestLineBytes = 8 * 1024;

    /// <summary>
    /// The request line a query of <paramref name="maxQueryChars"/> characters needs, so that every query within the
    /// character limit reaches the analysis, which answers past it with the reason: percent-encoded, a Chinese character
    /// takes 9 bytes and one outside the Basic Multilingual Plane 12, so Kestrel's default 8 KB would refuse a query of
    /// about 900 Chinese characters with a bare 414. The default's room is kept on top for the path and the filters.
    /// </summary>
    public static int RequestLineBytes(int maxQueryChars) =>
        (int)Math.Min(int.MaxValue, Math.Max(0, maxQueryChars) * 12L + DefaultRequestLineBytes);

    /// <summary>Sizes Kestrel's request-line limit to the configured query limit (<see cref="RequestLineBytes"/>).</summary>
    public static IServiceCollection AddQueryRequestLine(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RetrievalOptions>>((kestrel, retrieval) =>
            kestrel.Limits.MaxRequestLineSize = Math.Max(kestrel.Limits.MaxRequestLineSize, RequestLineBytes(retrieval.Value.MaxQueryChars)));
        return services;
    }

    public static IServiceCollection AddQueryTimeouts(this IServiceCollection services, ApiOptions api, ChatOptions chat) =>
        services.AddRequestTimeouts(o =>
        {
            o.AddPolicy(TimeoutPolicy, Policy(api.QueryTimeout));
            // An answer may wait for the chat model on top of the search.
            o.AddPolicy(AskTimeoutPolicy, Policy(chat.IsConfigured ? api.QueryTimeout + chat.Timeout : api.QueryTimeout));
        });

    /// <summary>Query endpoints: the time limit, and 400 for a query past the analysis limits.</summary>
    public static RouteHandlerBuilder WithQueryLimits(this RouteHandlerBuilder builder, string timeoutPolicy = TimeoutPolicy)
    {
        builder.WithRequestTimeout(timeoutPolicy);
        return builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (QueryLimitException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Query outside the limits");
            }
        });
    }

    private static RequestTimeoutPolicy Policy(TimeSpan timeout) => new()
    {
        Timeout = timeout,
        TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        WriteTimeoutResponse = context => Results.Problem(
            $"The query took longer than {timeout.TotalSeconds:0} s and was stopped; narrow it (fewer words, filters) and try again.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Query timed out").ExecuteAsync(context),
    };
}
