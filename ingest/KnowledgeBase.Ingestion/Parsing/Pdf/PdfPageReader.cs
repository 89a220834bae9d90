using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Turns one PdfPig page into lines and blocks in reading order: letters → words (nearest neighbour) → blocks
/// (Docstrum) → reading order (unsupervised, handles two columns). Words inside a line are glued CJK-aware, so
/// the single-character "words" of Chinese text close up again.
/// </summary>
internal static class PdfPageReader
{
    /// <summary>How many rows of text at the top and at the bottom of a page count as its edge.</summary>
    private const int EdgeRows = 2;

    /// <summary>
    /// Running headers and footers sit in a band (this share of the page height) at the outer edge of the text
    /// area; measured from the text, not the media box, because scanned journals sit small on large media.
    /// </summary>
    private const double EdgeBand = 0.08;

    /// <summary>Lines whose tops differ by less than this (PDF units) sit on the same row.</summary>
    private const double RowTolerance = 3;

    // Pages are laid out in parallel already (PdfDocumentParser), so the layout steps run on the calling thread: with
    // PdfPig's own parallel loops nested inside, the thread pool spent a quarter of the parse's CPU spinning for work.
    // Default options otherwise, as the steps' Instance singletons use.
    private static readonly NearestNeighbourWordExtractor WordExtractor =
        new(new NearestNeighbourWordExtractor.NearestNeighbourWordExtractorOptions { MaxDegreeOfParallelism = 1 });
    private static readonly DocstrumBoundingBoxes PageSegmenter =
        new(new DocstrumBoundingBoxes.DocstrumBoundingBoxesOptions { MaxDegreeOfParallelism = 1 });

    /// <summary>
    /// Blocks above which a page keeps the order it was drawn in instead of going through the unsupervised detector,
    /// whose graph grows with the square of the blocks (232 blocks: 33 ms; a dense chart or formula page of a thousand
    /// would take seconds). On the corpus pages above 100 blocks (formula pages, 42 of them) the two orders agree on
    /// 99.6–99.9 % of block pairs, and the cap took 10 % off the parse time of the book that holds most of them.
    /// </summary>
    private const int MaxBlocksForSpatialOrder = 100;

    /// <summary>
    /// The page's text in reading order, with what the page is made of (<paramref name="content"/>, from
    /// <see cref="ContentOf"/>, for the decision to read it by OCR). Uses only what <c>GetPage</c> has already read
    /// (letters, media box), so pages of one document may be laid out in parallel.
    /// </summary>
    public static PdfPageLayout Read(Page page, PdfPageContent content) => Read(page.Number, page.Letters, page.MediaBox.Bounds) with { Content = content };

    /// <summary>
    /// Lays out letters of a page that did not come from a PDF content stream (OFD text objects, say) the same way:
    /// coordinates in points with y growing upwards inside <paramref name="mediaBox"/>.
    /// </summary>
    public static PdfPageLayout Read(int pageNumber, IReadOnlyList<Letter> pageLetters, PdfRectangle mediaBox)
    {
        var letters = pageLetters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        if (letters.Count == 0) return PdfPageLayout.Empty(pageNumber);

        var words = WordExtractor.GetWords(letters).ToList();
        var blocks = PageSegmenter.GetBlocks(words);
        var ordered = blocks.Count > MaxBlocksForSpatialOrder
            ? RenderingReadingOrderDetector.Instance.Get(blocks)
            : UnsupervisedReadingOrderDetector.Instance.Get(blocks);

        var result = new List<PdfBlock>();
        foreach (var block in ordered)
        {
            var lines = block.TextLines.Select(ToLine).Where(l => l.Text.Length > 0).ToList();
            if (lines.Count == 0) continue;
            if (result.Count > 0 && lines.Count == 1 && result[^1].Lines is [var previous] && SameRow(previous, lines[0]))
                result[^1] = new PdfBlock([MergeRow(previous, lines[0])]);
            else
                result.Add(new PdfBlock(lines));
        }
        MarkEdges(result, mediaBox.Bottom, mediaBox.Top);
        return new PdfPageLayout(pageNumber, result);
    }

    /// <summary>
    /// What the page is made of: letters, invisible letters, the share covered by images, images, paths. Must run on
    /// the thread that reads the document, one page at a time: <c>GetImages</c> resolves the image objects through the
    /// document's shared token scanner, which is not thread-safe (pages laid out in parallel corrupted each other's
    /// tokens and lost pages at random).
    /// </summary>
    public static PdfPageContent ContentOf(Page page)
    {
        var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        var invisible = letters.Count(l => l.RenderingMode is TextRenderingMode.Neither or TextRenderingMode.NeitherClip);
        var area = Math.Max(1e-6, page.Width * page.Height);
        double covered = 0;
        var images = 0;
        foreach (var image in page.GetImages())
        {
            images++;
            var box = image.BoundingBox;
            // Clipped to the page: scanners sometimes place the image a little beyond the edges.
            var w = Math.Max(0, Math.Min(box.Right, page.Width) - Math.Max(box.Left, 0));
            var h = Math.Max(0, Math.Min(box.Top, page.Height) - Math.Max(box.Bottom, 0));
            covered += w * h;
        }
        return new PdfPageContent(letters.Count, invisible, Math.Min(1, covered / area), images, page.Paths.Count);
    }

    private static PdfLine ToLine(TextLine line)
    {
        var text = new StringBuilder();
        foreach (var word in line.Words)
        {
            var value = word.Text.Trim();
            if (value.Length == 0) continue;
            if (text.Length > 0 && !CjkText.ClosesUp(text[^1], value[0])) text.Append(' ');
            text.Append(value);
        }
        var sizes = line.Words.SelectMany(w => w.Letters).Select(l => l.PointSize).Order().ToList();
        var size = sizes.Count == 0 ? 0 : sizes[sizes.Count / 2];
        return new PdfLine(CjkText.FoldRadicals(text.ToString()), line.BoundingBox.Top, line.BoundingBox.Bottom, size,
            line.TextOrientation == TextOrientation.Horizontal);
    }

    /// <summary>
    /// Justified title lines with wide word spacing come out of Docstrum as one block per word; single-line blocks
    /// that follow each other on the same row in the same type are one line.
    /// </summary>
    private static bool SameRow(PdfLine a, PdfLine b) =>
        a.Horizontal && b.Horizontal && Math.Abs(a.Top - b.Top) < 1 && Math.Abs(a.FontSize - b.FontSize) < 0.5;

    private static PdfLine MergeRow(PdfLine a, PdfLine b) =>
        new(CjkText.ClosesUp(a.Text[^1], b.Text[0]) ? a.Text + b.Text : a.Text + " " + b.Text, Math.Max(a.Top, b.Top), Math.Min(a.Bottom, b.Bottom), a.FontSize, true);

    /// <summary>Marks the lines in the top and bottom <see cref="EdgeRows"/> rows of the text area that lie in its outer band.</summary>
    private static void MarkEdges(List<PdfBlock> blocks, double pageBottom, double pageTop)
    {
        var band = (pageTop - pageBottom) * EdgeBand;
        if (band <= 0) band = 60;
        var lines = blocks.SelectMany(b => b.Lines).ToList();
        var textTop = lines.Max(l => l.Top);
        var textBottom = lines.Min(l => l.Bottom);
        MarkRows(lines.Where(l => l.Top >= textTop - band).OrderByDescending(l => l.Top), l => l.Top);
        MarkRows(lines.Where(l => l.Bottom <= textBottom + band).OrderBy(l => l.Bottom), l => l.Bottom);
    }

    private static void MarkRows(IEnumerable<PdfLine> fromEdge, Func<PdfLine, double> position)
    {
        var rows = 0;
        double? rowPosition = null;
        foreach (var line in fromEdge)
        {
            if (rowPosition is null || Math.Abs(position(line) - rowPosition.Value) > RowTolerance)
            {
                if (++rows > EdgeRows) return;
                rowPosition = position(line);
            }
            line.AtEdge = true;
        }
    }
}
