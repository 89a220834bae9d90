namespace KnowledgeBase.Retrieval;

/// <summary>A search as callers ask for it.</summary>
public sealed record SearchRequest(string Query, SearchFilter Filter, int Top = 10, int Offset = 0);

/// <summary>One cited passage in the results.</summary>
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
    int PageEnd,
    string HeadingPath,
    string Passage,
    IReadOnlyList<int[]> Highlights,
    double Score,
    IReadOnlyList<string> Signals,
    string Link,
    double? OcrConfidence = null)
{
    /// <summary>Whether the passage was recognised from a page image (the page marks it "识别文本").</summary>
    public bool Ocr => OcrConfidence is not null;
}

/// <summary>The answer to a <see cref="SearchRequest"/>.</summary>
public sealed record SearchResponse(string Query, double TookMs, IReadOnlyList<SearchHit> Results);
