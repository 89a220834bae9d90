using KnowledgeBase.Ingestion.Parsing;

namespace KnowledgeBase.Ingestion.Pipeline;

/// <summary>What happened to one file.</summary>
public enum IngestStatus
{
    /// <summary>New content, stored.</summary>
    Ingested,
    /// <summary>A known source with changed content; its old passages were replaced.</summary>
    Updated,
    /// <summary>Same bytes as last time: nothing to do.</summary>
    Unchanged,
    /// <summary>Same bytes as another document: recorded as a second source of it.</summary>
    Duplicate,
    /// <summary>Refused, with a reason.</summary>
    Failed,
}

/// <summary>The result of ingesting one file.</summary>
public sealed record IngestOutcome(
    string Source,
    IngestStatus Status,
    string? DocumentId = null,
    int Pages = 0,
    int Passages = 0,
    FailureKind? FailureKind = null,
    string? Reason = null)
{
    public bool Succeeded => Status != IngestStatus.Failed;

    /// <summary>
    /// Pages of a stored document that were left without text, each with its reason (OCR ran out of time, an image
    /// could not be decoded, the per-document page limit): the document is searchable by its other pages, and these
    /// are what a user must know is missing from it.
    /// </summary>
    public IReadOnlyList<string> PageProblems { get; init; } = [];
}
