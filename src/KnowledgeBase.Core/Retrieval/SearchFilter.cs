using KnowledgeBase.Security;

namespace KnowledgeBase.Retrieval;

/// <summary>Constraints applied inside the search. <see cref="Access"/> is never optional.</summary>
public sealed record SearchFilter(AccessScope Access)
{
    public int? YearFrom { get; init; }
    public int? YearTo { get; init; }
    public IReadOnlyList<string> Organisations { get; init; } = [];
    public IReadOnlyList<string> DocumentTypes { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Language { get; init; }
    /// <summary>Restrict to one document (used by "more like this" and document views).</summary>
    public string? DocumentId { get; init; }
}
