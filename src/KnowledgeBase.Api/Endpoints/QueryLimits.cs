using KnowledgeBase.Retrieval;
using Microsoft.AspNetCore.Http.Timeouts;

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
