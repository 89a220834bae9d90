using KnowledgeBase.Embeddings;
using KnowledgeBase.Embeddings.OpenAi;
using KnowledgeBase.Hosting;

namespace KnowledgeBase.Api.Endpoints;

/// <summary>
/// <c>POST /v1/embeddings</c>: the configured embedder served in the OpenAI wire format, so other services can share
/// the model. Signed-in callers only (it spends CPU); 404 when no embedder is configured.
/// </summary>
public static class EmbeddingEndpoints
{
    public static IEndpointRouteBuilder MapEmbeddingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/embeddings", async (HttpContext context, IServiceProvider services, CancellationToken ct) =>
        {
            if (services.GetService<PassageEmbedder>() is not { } embedder)
                return Results.Problem("No embedder is configured (KnowledgeBase:Embedder).", statusCode: StatusCodes.Status404NotFound);
            var info = await services.EnsureEmbeddingModelAsync(ct);
            var answer = await OpenAiEmbeddingsProtocol.AnswerAsync(context.Request.Body, embedder.Generator, info!.ModelId, ct);
            context.Response.StatusCode = answer.StatusCode;
            context.Response.ContentType = EmbeddingsAnswer.ContentType;
            await context.Response.Body.WriteAsync(answer.Json, ct);
            return Results.Empty;
        }).RequireAuthorization(Security.Policies.SignedIn).WithTags("Embeddings").DisableAntiforgery();
        return app;
    }
}
