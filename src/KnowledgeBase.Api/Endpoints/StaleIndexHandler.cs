using KnowledgeBase.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace KnowledgeBase.Api.Endpoints;

/// <summary>
/// Answers a search, answer or "similar" request over an index that another text analysis built
/// (<see cref="StaleIndexException"/>) with 503 and the store's message, which tells the operator to run
/// <c>kb reindex</c> (without the server's paths); every other exception goes on to the default handler (a 500 without details).
/// </summary>
internal sealed class StaleIndexHandler(IProblemDetailsService problems, ILogger<StaleIndexHandler> logger) : IExceptionHandler
{
    public const string Title = "Search index needs rebuilding";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StaleIndexException stale) return false;
        logger.LogError("Search refused: {Message}", stale.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = Title, Detail = stale.PublicMessage },
        });
    }
}
