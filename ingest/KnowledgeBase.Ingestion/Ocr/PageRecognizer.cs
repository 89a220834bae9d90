using KnowledgeBase.Configuration;
using KnowledgeBase.Ocr;
using KnowledgeBase.Ocr.Imaging;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Ingestion.Ocr;

/// <summary>
/// The process's OCR engine, loaded on the first page that needs it (most ingests never do, and the models take a
/// few hundred milliseconds and some 100 MB to load) and kept for the next ones.
/// </summary>
public sealed class PageRecognizer(IOptions<OcrOptions> options) : IDisposable
{
    private readonly Lazy<OcrEngine> _engine = new(() => Create(options.Value), LazyThreadSafetyMode.ExecutionAndPublication);

    public OcrPage Read(GrayImage image, CancellationToken cancellationToken) => _engine.Value.Read(image, cancellationToken);

    private static OcrEngine Create(OcrOptions options)
    {
        var files = string.IsNullOrWhiteSpace(options.ModelDirectory) ? OcrModelFiles.Default : new OcrModelFiles(options.ModelDirectory);
        return new OcrEngine(files, new OcrEngineOptions { Threads = options.Threads, DetectionMaxSide = options.DetectionMaxSide });
    }

    public void Dispose()
    {
        if (_engine.IsValueCreated) _engine.Value.Dispose();
    }
}
