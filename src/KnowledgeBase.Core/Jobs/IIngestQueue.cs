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
public sealed record IngestJobRequest(string StagedPath, string Source, DocumentMetadata Metadata, string? DocumentId = null, string? SubmittedBy = null);

/// <summary>A job as the queue holds it.</summary>
public sealed record IngestJob(
    string Id,
    IngestJobRequest Request,
    JobState State,
    int Attempts,
    string? Error,
    string? DocumentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Counts by state and the latest failures, for <c>kb status</c> and the API.</summary>
public sealed record QueueSummary(int Queued, int Running, int Done, int Failed, IReadOnlyList<IngestJob> RecentFailures);

/// <summary>
/// The durable ingest queue seam. The embedded implementation keeps jobs in the data directory's database
/// with leases; a scale-out deployment can put a broker behind the same interface.
/// </summary>
public interface IIngestQueue
{
    Task<IngestJob> EnqueueAsync(IngestJobRequest request, CancellationToken cancellationToken = default);

    Task<IngestJob?> GetAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Takes the oldest runnable job for <paramref name="workerId"/> until the lease expires; null when none is due.</summary>
    Task<IngestJob?> LeaseAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks a leased job done with the document it produced.</summary>
    Task CompleteAsync(string jobId, string workerId, string? documentId, CancellationToken cancellationToken = default);

    /// <summary>Records a failure: permanent ones end the job, transient ones requeue it after a backoff until attempts run out.</summary>
    Task FailAsync(string jobId, string workerId, string reason, bool permanent, CancellationToken cancellationToken = default);

    Task<QueueSummary> SummarizeAsync(int recentFailures = 10, CancellationToken cancellationToken = default);
}
