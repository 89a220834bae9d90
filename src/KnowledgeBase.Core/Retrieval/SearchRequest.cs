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
/// <param name="OcrConfidence">For a passage recognised from a page image, the OCR confidence (0…1); null for text taken from the file.</param>
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
    string Link,
    double? OcrConfidence = null)
{
    /// <summary>
    /// With grouping (<see cref="SearchRequest.PerDocument"/>): how many more passages of this document the ranking
    /// retrieved and left out of the results; null without grouping.
    /// </summary>
    public int? MoreInDocument { get; init; }

    /// <summary>Whether the passage was recognised from a page image (the page marks it "识别文本").</summary>
    public bool Ocr => OcrConfidence is not null;

    /// <summary>The time expressions of the passage with the years they were resolved to ("今年 (2025)").</summary>
    public IReadOnlyList<TimeMark> Times { get; init; } = [];
}

/// <summary>
/// A time expression of a result passage: the range [<paramref name="Start"/>, <paramref name="End"/>) inside the
/// passage, its text and the years it means, resolved against the document's date at index time.
/// </summary>
/// <param name="InQuery">The years overlap the query's time (or the query asks when), so the expression is also highlighted.</param>
public sealed record TimeMark(int Start, int End, string Text, int From, int To, bool InQuery)
{
    /// <summary>"今年 (2025)", "过去五年 (2020–2024)".</summary>
    public string Label => From == To ? $"{Text} ({From})" : $"{Text} ({From}–{To})";
}

/// <summary>The answer to a <see cref="SearchRequest"/>.</summary>
public sealed record SearchResponse(string Query, double TookMs, IReadOnlyList<SearchHit> Results)
{
    /// <summary>True when results follow after this page.</summary>
    public bool HasMore { get; init; }

    /// <summary>Phrases of the query also searched in the other language, with the renderings searched.</summary>
    public IReadOnlyList<Translation> Translations { get; init; } = [];
}
