using System.Security.Claims;
using KnowledgeBase.Api.Answers;
using KnowledgeBase.Security;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Api.Endpoints;

/// <summary><c>POST /api/ask</c>: a short answer with [n] citations to retrieved passages.</summary>
public static class AskEndpoints
{
    public static IEndpointRouteBuilder MapAskEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ask", AskAsync)
            .WithQueryLimits(QueryLimits.AskTimeoutPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(QueryLimits.MaxAskBodyBytes))
            .WithTags("Ask").WithSummary("Answer a question from the passages the caller may see, with citations");
        return app;
    }

    private static async Task<IResult> AskAsync(AskRequest request, ClaimsPrincipal user, [FromServices] AnswerService answers, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Question)) return Results.Problem("'question' is required.", statusCode: 400);
        var parameters = new FilterParameters(request.YearFrom, request.YearTo, One(request.Organisation), One(request.Type), One(request.Tag), request.Language)
        {
            PassageYear = request.PassageYearValues(),
        };
        if (parameters.Problem() is { } badFilter) return Results.Problem(badFilter, statusCode: 400);
        var filter = parameters.ToFilter(user.ToAccessScope());
        return Results.Ok(await answers.AskAsync(request.Question.Trim(), filter, request.Top, ct));
    }

    private static string[]? One(string? value) => value is null ? null : [value];
}
