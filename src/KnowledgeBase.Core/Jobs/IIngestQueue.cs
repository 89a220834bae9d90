using KnowledgeBase.Model;

namespace KnowledgeBase.Jobs;

/// <summary>Life cycle of an ingest job.</summary>
public enum JobState
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>What a caller asks to ingest: a staged file (already copied somewhere durable) plus its metadata.</summary>
/// <param name="StagedPath">Durable copy of the bytes the worker reads (uploads are staged under the data directory).</param>
/// <param name="Source">Name the document is known by (upload name or watch-folder path).</param>
/// <param name="DocumentId">Pins the document id (re-index of an existing document); null lets ingest decide.</param>
/// <param name="SubmittedBy">Key or user that submitted the job, for audit.</param>
/// <param name="ContentHash">
/// SHA-256 (lower-case hex) of the staged bytes, when the caller knows it. A request whose source and hash match a job
/// that is already queued, running, done or failed returns that job instead of adding a new one (watch-folder rescans).
/// </param>
public sealed record IngestJobRequest(
    string StagedPath,
    string Source,
    DocumentMetadata Metadata,
    string? DocumentId = null,
    string? SubmittedBy = null,
    string? ContentHash = null);

/// <summary>A job as the queue holds it.</summary>
/// <param name="Error">Reason of the last failure (kept while a transient failure waits for its retry).</param>
/// <param name="NotBefore">A queued job is not leased before this time (retry backoff).</param>
public sealed record IngestJob(
    string Id,
    IngestJobRequest Request,
    JobState State,
    int Attempts,
    string? Error,
    string? DocumentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NotBefore = null);

/// <summary>Counts by state and the latest failures, for <c>kb status</c> and the API.</summary>
/// <param name="Retrying">Queued jobs that failed before and wait for a retry (included in <paramref name="Queued"/>).</param>
public sealed record QueueSummary(int Queued, int Running, int Done, int Failed, IReadOnlyList<IngestJob> RecentFailures, int Retrying = 0);

/// <summary>
/// The durable ingest queue seam. The embedded implementation keeps jobs in the data directory's database
/// with leases; a scale-out deployment can put a broker behind the same interface.
/// </summary>
/// <remarks>
/// Delivery is at-least-once: a worker that dies keeps its job until the lease runs out, then another worker takes it
/// again. Ingest is idempotent per source and content hash, so a repeated job never duplicates passages.
/// </remarks>
public interface IIngestQueue
{
    /// <summary>Adds a job, or returns the existing one for the same source and <see cref="IngestJobRequest.ContentHash"/>.</summary>
    Task<IngestJob> EnqueueAsync(IngestJobRequest request, CancellationToken cancellationToken = default);

    Task<IngestJob?> GetAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the oldest runnable job for <paramref name="workerId"/> until the lease expires; null when none is due.
    /// Runnable: queued and past its backoff, or running under a lease that has expired (its worker died).
    /// </summary>
    Task<IngestJob?> LeaseAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease the worker still holds; false when the lease was lost (expired and taken by another worker).</summary>
    Task<bool> RenewAsync(string jobId, string workerId, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks a leased job done with the document it produced; false when the worker no longer holds the lease.</summary>
    Task<bool> CompleteAsync(string jobId, string workerId, string? documentId, CancellationToken cancellationToken = default);

    /// <summary>Records a failure: permanent ones end the job, transient ones requeue it after a backoff until attempts run out.</summary>
    Task<bool> FailAsync(string jobId, string workerId, string reason, bool permanent, CancellationToken cancellationToken = default);

    /// <summary>Gives a leased job back unfinished (graceful shutdown); the attempt does not count.</summary>
    Task<bool> ReleaseAsync(string jobId, string workerId, CancellationToken cancellationToken = default);

    Task<QueueSummary> SummarizeAsync(int recentFailures = 10, CancellationToken cancellationToken = default);

    /// <summary>Sources under <paramref name="prefix"/> whose latest job is done (watch folders use it to notice deleted files).</summary>
    Task<IReadOnlyList<string>> GetCompletedSourcesAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets a removed source: its finished jobs no longer count as completed or as the same content, so the file is
    /// ingested afresh if it comes back.
    /// </summary>
    Task ForgetSourceAsync(string source, CancellationToken cancellationToken = default);
}
