namespace KnowledgeBase.Model;

/// <summary>A stored document: identity, provenance and metadata.</summary>
/// <param name="Id">Stable id; re-ingesting a changed file keeps it.</param>
/// <param name="Source">Where the document came from (file path or upload name); the first source if several files hold the same content.</param>
/// <param name="ContentHash">SHA-256 of the original bytes, lowercase hex.</param>
/// <param name="MediaType">Detected content type, e.g. application/pdf.</param>
public sealed record DocumentRecord(
    string Id,
    string Title,
    string Source,
    string ContentHash,
    string MediaType,
    int PageCount,
    int PassageCount,
    DocumentMetadata Metadata,
    DateTimeOffset IngestedAt);
