namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>One visual line of a PDF page: its text, where it sits and how large its type is.</summary>
/// <param name="Top">Top edge in PDF units (y grows upwards).</param>
/// <param name="FontSize">Median point size of its letters.</param>
/// <param name="Horizontal">False for rotated text (margin stamps such as arXiv identifiers).</param>
internal sealed record PdfLine(string Text, double Top, double Bottom, double FontSize, bool Horizontal)
{
    /// <summary>Set for the topmost and bottommost lines of the page, where running headers and footers live.</summary>
    public bool AtEdge { get; set; }
}

/// <summary>A text block of a page (usually a paragraph, a heading, a caption or a header) as a run of lines.</summary>
internal sealed record PdfBlock(IReadOnlyList<PdfLine> Lines);

/// <summary>
/// The text of one page in reading order, kept as plain strings and numbers so that no PdfPig object (letters,
/// glyph paths, fonts) outlives the page it came from.
/// </summary>
internal sealed record PdfPageLayout(int Number, IReadOnlyList<PdfBlock> Blocks)
{
    public static PdfPageLayout Empty(int number) => new(number, []);
}
