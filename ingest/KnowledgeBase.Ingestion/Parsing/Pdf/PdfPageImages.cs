using KnowledgeBase.Configuration;
using KnowledgeBase.Ingestion.Ocr;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Page images of a PDF for OCR. A scanned page is composed from its own embedded images (no renderer needed); a page
/// whose text is drawn with broken fonts, or whose images have no decoder here (JBIG2, JPEG 2000), is rendered by
/// <see cref="PdfPageRenderer"/>. The file is written to a private temporary file only when a page must be rendered.
/// </summary>
internal sealed class PdfPageImages(ReadOnlyMemory<byte> content, OcrOptions options) : IPageImages
{
    private readonly PdfPageRenderer _renderer = new(options.Renderer, options.RenderDpi, options.PageTimeout);
    private PdfDocument? _document;
    private string? _tempFile;

    public PageImage Load(OcrRequest request, CancellationToken cancellationToken)
    {
        // Opening walks the page tree recursively (see DeepStack).
        var document = _document ??= DeepStack.Run(() => PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true }));
        var page = document.GetPage(request.Page);
        string? embeddedProblem = null;
        if (request.Image == PageImageKind.Embedded)
        {
            var (image, origin, problem) = PdfPageComposer.Compose(page);
            if (image is not null) return new PageImage(image, origin);
            embeddedProblem = problem;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var (rendered, renderOrigin, renderProblem) = _renderer.Render(TempFile(), request.Page, page.Width, page.Height, cancellationToken);
        if (rendered is not null) return new PageImage(rendered, embeddedProblem is null ? renderOrigin : $"{renderOrigin} ({embeddedProblem})");
        return PageImage.Unavailable(embeddedProblem is null ? renderProblem! : $"{embeddedProblem}; {renderProblem}");
    }

    private string TempFile()
    {
        if (_tempFile is not null) return _tempFile;
        var path = Path.Combine(Path.GetTempPath(), $"kb-ocr-{Guid.NewGuid():N}.pdf");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            file.Write(content.Span);
        return _tempFile = path;
    }

    public void Dispose()
    {
        _document?.Dispose();
        if (_tempFile is not null)
        {
            try { File.Delete(_tempFile); } catch (IOException) { /* best effort */ }
        }
    }
}

/// <summary>Opens <see cref="PdfPageImages"/> for the OCR stage.</summary>
public sealed class PdfPageImageProvider(IOptions<OcrOptions> options) : IPageImageProvider
{
    public FileFormat Format => FileFormat.Pdf;

    public IPageImages Open(ReadOnlyMemory<byte> content, string fileName) => new PdfPageImages(content, options.Value);
}
