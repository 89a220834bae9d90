using System.Security.Claims;
using KnowledgeBase.Api.Security;
using KnowledgeBase.Configuration;
using KnowledgeBase.Jobs;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api.Endpoints;

/// <summary>An ingest job as its submitter sees it.</summary>
/// <param name="Error">The reason of the last failure; paths on the server in it show as file names except to admins.</param>
/// <param name="DocumentId">Shown only when the caller may see that document (a duplicate of a document the caller may not see stays hidden).</param>
/// <param name="Source">The file name, or for admins the stored source (<see cref="SourceNames"/>).</param>
/// <param name="ErrorCode">For a failed job whose file was refused: the stable code of the reason (see <see cref="FailureView"/>), for clients to translate.</param>
/// <param name="StagedPath">Admins only: the server path of the copy the worker reads.</param>
public sealed record JobView(string Id, string State, int Attempts, string? Error, string? DocumentId, string Source, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string? ErrorCode = null, string? StagedPath = null);

/// <summary>What <c>GET /api/jobs</c> answers: jobs by state and the latest failures, shown as <see cref="JobView"/>s.</summary>
/// <param name="Retrying">Queued jobs that failed before and wait for a retry (included in <paramref name="Queued"/>).</param>
public sealed record JobSummaryView(int Queued, int Running, int Done, int Failed, int Retrying, IReadOnlyList<JobView> RecentFailures);

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
        [FromServices] IIngestLedger ledger, [FromServices] IOptions<KnowledgeBaseOptions> options, CancellationToken ct)
    {
        var job = await queue.GetAsync(id, ct);
        var scope = user.ToAccessScope();
        // Someone else's job answers exactly like a job that does not exist.
        if (job is null || (!scope.SeesEverything && job.Request.SubmittedBy != user.GetCallerId())) return ApiProblems.NotFound();
        return Results.Ok(await ViewAsync(job, user, store, ledger, options.Value, ct));
    }

    private static async Task<IResult> SummaryAsync(ClaimsPrincipal user, [FromServices] IIngestQueue queue, [FromServices] IKnowledgeStore store,
        [FromServices] IIngestLedger ledger, [FromServices] IOptions<KnowledgeBaseOptions> options, CancellationToken ct)
    {
        var summary = await queue.SummarizeAsync(10, ct);
        var failures = new List<JobView>(summary.RecentFailures.Count);
        foreach (var job in summary.RecentFailures) failures.Add(await ViewAsync(job, user, store, ledger, options.Value, ct));
        return Results.Ok(new JobSummaryView(summary.Queued, summary.Running, summary.Done, summary.Failed, summary.Retrying, failures));
    }

    private static async Task<JobView> ViewAsync(IngestJob job, ClaimsPrincipal user, IKnowledgeStore store, IIngestLedger ledger, KnowledgeBaseOptions options, CancellationToken ct)
    {
        var documentId = job.DocumentId is { } d && await store.GetDocumentAsync(d, user.ToAccessScope(), ct) is not null ? d : null;
        var failure = job.State == JobState.Failed ? await ledger.GetFailureAsync(job.Request.Source, ct) : null;
        var request = job.Request;
        // A reason may quote the staged copy, the source file or something else under the data directory.
        var error = SourceNames.Redact(job.Error, user, request.StagedPath, request.Source, Path.GetFullPath(options.DataDirectory));
        return new JobView(job.Id, job.State.ToString().ToLowerInvariant(), job.Attempts, error, documentId,
            SourceNames.Show(request.Source, user), job.CreatedAt, job.UpdatedAt, failure is null ? null : FailureEndpoints.Code(failure.Kind),
            SourceNames.SeesServerPaths(user) ? request.StagedPath : null);
    }
}
