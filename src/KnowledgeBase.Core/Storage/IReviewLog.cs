namespace KnowledgeBase.Storage;

/// <summary>A staff decision on a partner upload.</summary>
public sealed record ReviewDecision(string DocumentId, string Decision, string? DecidedBy, DateTimeOffset DecidedAt);

/// <summary>
/// Who approved which partner upload, and when. The pending mark itself stays in the store, because visibility is
/// decided inside each search there (<see cref="IDocumentReview"/> clears it); this log is the shared record of the
/// decisions beside it.
/// </summary>
public interface IReviewLog
{
    Task RecordApprovalAsync(string documentId, string? decidedBy, CancellationToken cancellationToken = default);

    /// <summary>Decisions on a document, oldest first.</summary>
    Task<IReadOnlyList<ReviewDecision>> GetDecisionsAsync(string documentId, CancellationToken cancellationToken = default);
}
