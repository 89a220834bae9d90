namespace KnowledgeBase.Ingestion.Ocr;

/// <summary>Why a page's text must come from its image.</summary>
public enum OcrReason
{
    /// <summary>The page carries no text at all (a scan).</summary>
    NoText,

    /// <summary>The page's text layer is junk (unmapped glyphs, mojibake of a broken ToUnicode map, spaced-out fragments).</summary>
    GarbageText,

    /// <summary>The page is one big image under an invisible text layer: someone else's OCR, read again here.</summary>
    PageImage,
}

/// <summary>Where the image of a page comes from.</summary>
public enum PageImageKind
{
    /// <summary>The page's own embedded images (a scan), composed at their placements: no renderer needed.</summary>
    Embedded,

    /// <summary>The whole page rendered, because its text is drawn as (broken) glyphs rather than held in an image.</summary>
    Rendered,
}

/// <summary>A page a parser could not read from the file's text and asks to be recognised from its image.</summary>
public sealed record OcrRequest(int Page, OcrReason Reason, PageImageKind Image);
