using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Ocr.Imaging;

namespace KnowledgeBase.Ingestion.Ocr;

/// <summary>The image of one page for OCR, or why there is none.</summary>
/// <param name="Origin">How it was obtained ("3 embedded CCITT images", "rendered by pdftoppm at 200 dpi"), for logs.</param>
public sealed record PageImage(GrayImage? Image, string Origin, string? Problem = null)
{
    public static PageImage Unavailable(string problem) => new(null, "", problem);
}

/// <summary>Page images of one open file, one page at a time (so a long scan never holds more than one page image).</summary>
public interface IPageImages : IDisposable
{
    PageImage Load(OcrRequest request, CancellationToken cancellationToken);
}

/// <summary>Opens the page images of files of one format.</summary>
public interface IPageImageProvider
{
    FileFormat Format { get; }

    IPageImages Open(ReadOnlyMemory<byte> content, string fileName);
}
