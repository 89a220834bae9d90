using System.Security.Claims;
using KnowledgeBase.Api.Security;
using KnowledgeBase.Jobs;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Api.Endpoints;

/// <summary>An ingest job as its submitter sees it.</summary>
/// <param name="DocumentId">Shown only when the caller may see that document (a duplicate of a document the caller may not see stays hidden).</param>
/// <param name="ErrorCode">For a failed job whose file was refused: the stable code of the reason (see <see cref="FailureView"/>), for clients to translate.</param>
public sealed record JobView(string Id, string State, int Attempts, string? Error, string? DocumentId, string Source, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string? ErrorCode = null);

/// <summary>
/// <c>GET /api/jobs/{id}</c> (the submitter, or staff) and <c>GET /api/jobs</c> (staff: counts and recent failures).
/// Jobs are processed by the ingest worker — in-process when the worker's hosted service is registered, or by the
/// separate worker process on the same data directory; the API only enqueues and reads them.
/// </summary>
public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags("Jobs");
        jobs.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.SignedIn).WithSummary("State, error and document of an ingest job");
        jobs.MapGet("/", SummaryAsync).RequireAuthorization(Policies.Staff).WithSummary("Queue counts and recent failures");
        return app;
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, [FromServices] IIngestQueue queue, [FromServices] IKnowledgeStore store,
        [FromServices] IIngestLedger ledger, CancellationToken ct)
    {
        var job = await queue.GetAsync(id, ct);
        var scope = user.ToAccessScope();
        // Someone else's job answers exactly like a job that does not exist.
        if (job is null || (!scope.SeesEverything && job.Request.SubmittedBy != user.GetCallerId())) return ApiProblems.NotFound();
        var documentId = job.DocumentId is { } d && await store.GetDocumentAsync(d, scope, ct) is not null ? d : null;
        var failure = job.State == JobState.Failed ? await ledger.GetFailureAsync(job.Request.Source, ct) : null;
        return Results.Ok(new JobView(job.Id, job.State.ToString().ToLowerInvariant(), job.Attempts, job.Error, documentId,
            job.Request.Source, job.CreatedAt, job.UpdatedAt, failure is null ? null : FailureEndpoints.Code(failure.Kind)));
    }

    private static async Task<IResult> SummaryAsync([FromServices] IIngestQueue queue, CancellationToken ct) =>
        Results.Ok(await queue.SummarizeAsync(10, ct));
}
