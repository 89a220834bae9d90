using KnowledgeBase.Retrieval.Expansion;

namespace KnowledgeBase.Retrieval;

/// <summary>A search as callers ask for it.</summary>
/// <param name="PerDocument">
/// At most this many passages of one document in the results (0: no limit). The passages beyond it are counted in the
/// shown hits' <see cref="SearchHit.MoreInDocument"/>; <paramref name="Top"/> and <paramref name="Offset"/> page over the
/// results after this grouping.
/// </param>
public sealed record SearchRequest(string Query, SearchFilter Filter, int Top = 10, int Offset = 0, int PerDocument = 0);

/// <summary>One cited passage in the results.</summary>
/// <param name="Page">The cited page: where the passage's best match lies (<see cref="PassagePages.BestPage"/>).</param>
/// <param name="PageStart">First page of the passage.</param>
/// <param name="PageEnd">Last page of the passage.</param>
/// <param name="Highlights">Character ranges [start, end) inside <paramref name="Passage"/> that match the query.</param>
/// <param name="Signals">Which signals retrieved this passage.</param>
/// <param name="Link">Where the original opens at the cited page (relative to the API).</param>
public sealed record SearchHit(
    int Rank,
    string DocumentId,
    string PassageId,
    string Title,
    string Source,
    int Page,
    int PageStart,
    int PageEnd,
    string HeadingPath,
    string Passage,
    IReadOnlyList<int[]> Highlights,
    double Score,
    IReadOnlyList<string> Signals,
    string Link)
{
    /// <summary>
    /// With grouping (<see cref="SearchRequest.PerDocument"/>): how many more passages of this document the ranking
    /// retrieved and left out of the results; null without grouping.
    /// </summary>
    public int? MoreInDocument { get; init; }
}

/// <summary>The answer to a <see cref="SearchRequest"/>.</summary>
public sealed record SearchResponse(string Query, double TookMs, IReadOnlyList<SearchHit> Results)
{
    /// <summary>True when results follow after this page.</summary>
    public bool HasMore { get; init; }

    /// <summary>Phrases of the query also searched in the other language, with the renderings searched.</summary>
    public IReadOnlyList<Translation> Translations { get; init; } = [];
}
