using System.Security.Claims;
using System.Text.Json;
using KnowledgeBase.Api.Security;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Api.Endpoints;

/// <summary>
/// A file whose latest ingest failed. <paramref name="Code"/> is a stable name of the kind of failure (<c>encrypted</c>,
/// <c>corrupt</c>, <c>empty</c>, <c>noText</c>, <c>unsupported</c>, <c>tooLarge</c>, <c>timeout</c>, <c>unsafe</c>,
/// <c>transient</c>) that a client can translate; <paramref name="Reason"/> is the English detail.
/// </summary>
/// <param name="File">The file's name; <paramref name="Source"/> (the full source path) is shown to admins only, and a
/// <paramref name="Reason"/> that quotes the path shows the file name to everyone else.</param>
public sealed record FailureView(string File, string Code, string Reason, DateTimeOffset At, string? Source);

/// <summary><c>GET /api/failures</c>: the files that could not be ingested, with their reasons (staff).</summary>
public static class FailureEndpoints
{
    public const int MaxLimit = 200;
    /// <summary>Paging reaches this far into the failures, newest first.</summary>
    public const int MaxReach = 5000;

    public static IEndpointRouteBuilder MapFailureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/failures", ListAsync).WithTags("Jobs").RequireAuthorization(Policies.Staff)
            .WithSummary("Files whose latest ingest failed, newest first, with a reason code and the reason");
        return app;
    }

    /// <summary>The stable code of a failure kind as the ledger records it (the FailureKind name, camel-cased).</summary>
    public static string Code(string kind) => JsonNamingPolicy.CamelCase.ConvertName(kind);

    private static async Task<IResult> ListAsync(int? offset, int? limit, ClaimsPrincipal user, [FromServices] IIngestLedger ledger, CancellationToken ct)
    {
        var skip = Math.Clamp(offset ?? 0, 0, MaxReach);
        var take = Math.Clamp(limit ?? 50, 1, MaxLimit);
        var total = await ledger.CountFailuresAsync(ct);
        var failures = (await ledger.GetFailuresAsync(Math.Min(skip + take, MaxReach), ct)).Skip(skip).Take(take);
        var admin = SourceNames.SeesServerPaths(user);
        return Results.Ok(new
        {
            total,
            offset = skip,
            limit = take,
            failures = failures.Select(f => new FailureView(SourceNames.FileName(f.Source), Code(f.Kind), SourceNames.Redact(f.Reason, user, f.Source)!, f.At, admin ? f.Source : null)),
        });
    }
}
