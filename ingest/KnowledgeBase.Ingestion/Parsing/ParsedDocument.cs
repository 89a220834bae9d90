using KnowledgeBase.Ingestion.Ocr;
using KnowledgeBase.Model;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>A heading found by a parser, located by page and character offset in that page's text.</summary>
/// <param name="Level">1 for a top-level heading.</param>
public sealed record Heading(int Page, int Offset, int Level, string Text);

/// <summary>What a parser extracts: page texts in reading order, headings, and descriptive metadata.</summary>
/// <param name="Year">A year the file states when it gives no full date (a PDF's creation year).</param>
/// <param name="IssuedOn">The day the document was issued, when the file states it; its year wins over <paramref name="Year"/>.</param>
/// <param name="Organisation">The issuing or authoring body (发文机关).</param>
/// <param name="DocumentType">The kind of document (条例, 通知, 论文 …).</param>
public sealed record ParsedDocument(
    IReadOnlyList<DocumentPage> Pages,
    IReadOnlyList<Heading> Headings,
    string? Title = null,
    string? Author = null,
    int? Year = null,
    DateOnly? IssuedOn = null,
    string? Organisation = null,
    string? DocumentType = null)
{
    public int CharacterCount => Pages.Sum(p => p.Text.Length);

    /// <summary>Pages whose text must be recognised from their image (their <see cref="Pages"/> entry is empty until then).</summary>
    public IReadOnlyList<OcrRequest> OcrRequests { get; init; } = [];
}
