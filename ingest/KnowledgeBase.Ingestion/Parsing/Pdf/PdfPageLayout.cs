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

    /// <summary>What the page is made of, for the decision to read it by OCR.</summary>
    public PdfPageContent Content { get; init; } = PdfPageContent.Nothing;
}

/// <summary>
/// What a page is made of beside its text: how much of it images cover, how much of its text is invisible (the
/// hidden text layer a scanner's OCR lays over the scan), and whether it draws anything at all.
/// </summary>
/// <param name="Letters">Letters with a visible shape (not whitespace).</param>
/// <param name="InvisibleLetters">Of those, letters drawn in rendering mode 3 or 7 (neither filled nor stroked).</param>
/// <param name="ImageCoverage">Share of the page area covered by images (0…1; overlapping images count once per image).</param>
/// <param name="Images">Number of images on the page.</param>
/// <param name="Paths">Number of vector paths (text converted to outlines is drawn this way).</param>
internal sealed record PdfPageContent(int Letters, int InvisibleLetters, double ImageCoverage, int Images, int Paths)
{
    public static PdfPageContent Nothing { get; } = new(0, 0, 0, 0, 0);
}
