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

    /// <summary>
    /// Passages that speak about any of these years (<see cref="Text.Time.PassageTime.StatedYears"/>: 2016年, 今年 in the
    /// 2016 report, 过去一年 in the 2017 one, a dated heading above the passage), as opposed to <see cref="YearFrom"/> and
    /// <see cref="YearTo"/>, which are the document's year. A passage-level constraint: searches and facet counts apply
    /// it inside the same filtered query as access; document listings (which list documents, not passages) do not.
    /// </summary>
    public IReadOnlyList<int> PassageYears { get; init; } = [];
}
