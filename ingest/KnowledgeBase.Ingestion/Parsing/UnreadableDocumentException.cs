namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>Why a file could not be ingested. Permanent reasons are never retried.</summary>
public enum FailureKind
{
    Encrypted,
    Corrupt,
    Empty,
    NoText,
    Unsupported,
    TooLarge,
    Timeout,
    Unsafe,
    /// <summary>A fault that may pass (I/O, locks); retried with backoff.</summary>
    Transient,
}

/// <summary>A file the pipeline refuses, with a reason a person can act on.</summary>
public sealed class UnreadableDocumentException(FailureKind kind, string reason, Exception? inner = null)
    : Exception(reason, inner)
{
    public FailureKind Kind { get; } = kind;
    public bool IsPermanent => Kind != FailureKind.Transient;
}
