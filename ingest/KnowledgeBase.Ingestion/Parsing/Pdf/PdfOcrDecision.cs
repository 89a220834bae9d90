using KnowledgeBase.Ingestion.Ocr;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Decides, page by page, whether a PDF page's text must come from OCR: a page with no text that shows an image (a
/// scan) or only vector outlines (text converted to curves), a page whose text layer is garbage, and a page that is
/// one big image under an invisible text layer (another program's OCR, read again here). A born-digital page whose
/// visible text sits on a full-page background image keeps its text.
/// </summary>
internal static class PdfOcrDecision
{
    /// <summary>Images covering this share of the page make it a scanned page.</summary>
    private const double ScanCoverage = 0.8;

    /// <summary>Images covering this share of an otherwise textless page are worth reading.</summary>
    private const double TextlessImageCoverage = 0.3;

    /// <summary>A textless page drawing at least this many paths may hold text converted to outlines.</summary>
    private const int OutlinedTextPaths = 200;

    /// <summary>A scan may carry a few real letters (a stamped page number, a file name) and still be a scan.</summary>
    private const int StampLetters = 30;

    public static OcrRequest? For(PdfPageLayout layout, bool garbage)
    {
        var c = layout.Content;
        if (garbage)
            return new OcrRequest(layout.Number, OcrReason.GarbageText, c.ImageCoverage >= 0.5 ? PageImageKind.Embedded : PageImageKind.Rendered);
        if (c.Letters == 0)
        {
            if (c.ImageCoverage >= TextlessImageCoverage) return new OcrRequest(layout.Number, OcrReason.NoText, PageImageKind.Embedded);
            if (c.Paths >= OutlinedTextPaths) return new OcrRequest(layout.Number, OcrReason.NoText, PageImageKind.Rendered);
            return null;
        }
        if (c.ImageCoverage >= ScanCoverage)
        {
            if (c.InvisibleLetters >= 0.8 * c.Letters) return new OcrRequest(layout.Number, OcrReason.PageImage, PageImageKind.Embedded);
            if (c.Letters <= StampLetters) return new OcrRequest(layout.Number, OcrReason.NoText, PageImageKind.Embedded);
        }
        return null;
    }
}
