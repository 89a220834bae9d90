using Microsoft.Extensions.Options;

namespace KnowledgeBase.Configuration;

/// <summary>
/// OCR of scanned pages and of pages whose text layer is garbage (section <c>KnowledgeBase:Ocr</c>). OCR runs in the
/// ingest worker and in <c>kb ingest</c>, one page at a time, within the limits below.
/// </summary>
public sealed class OcrOptions
{
    /// <summary>Whether pages without usable text are recognised from their image (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Folder holding the PP-OCRv4 model files; empty for the <c>ocr-models</c> folder beside the application.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>CPU threads one page's recognition may use (default 1: one core stays free for parsing and search).</summary>
    public int Threads { get; set; } = 1;

    /// <summary>At most this many pages of one document are recognised; the rest are reported and left without text.</summary>
    public int MaxPagesPerDocument { get; set; } = 500;

    /// <summary>
    /// CPU time one page may take to be fetched and recognised (the reading thread's; wall-clock time where thread
    /// clocks cannot be read); a page over it is abandoned and reported. A page costs a few CPU-seconds. Measured in
    /// CPU time so that a busy machine, or a page waiting for the engine, does not lose pages; a page is also stopped
    /// after ten times the limit in wall-clock time, however busy the machine.
    /// </summary>
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Resolution pages are rendered at when their text layer must be replaced (dots per inch).</summary>
    public int RenderDpi { get; set; } = 200;

    /// <summary>The page renderer: poppler's <c>pdftoppm</c> (Debian package <c>poppler-utils</c>), by name on PATH or a full path.</summary>
    public string Renderer { get; set; } = "pdftoppm";

    /// <summary>Longest side, in pixels, the text detector looks at a page with (PaddleOCR's <c>det_limit_side_len</c>).</summary>
    public int DetectionMaxSide { get; set; } = 960;
}

/// <summary>Checks <see cref="OcrOptions"/> at start-up; each message names the setting.</summary>
public sealed class OcrOptionsValidator : IValidateOptions<OcrOptions>
{
    public ValidateOptionsResult Validate(string? name, OcrOptions options)
    {
        var errors = new List<string>();
        if (options.Threads is < 1 or > 64) errors.Add($"KnowledgeBase:Ocr:Threads must be between 1 and 64 (is {options.Threads}).");
        if (options.MaxPagesPerDocument < 0) errors.Add($"KnowledgeBase:Ocr:MaxPagesPerDocument must not be negative (is {options.MaxPagesPerDocument}).");
        if (options.PageTimeout <= TimeSpan.Zero || options.PageTimeout > TimeSpan.FromDays(1))
            errors.Add($"KnowledgeBase:Ocr:PageTimeout must be positive and at most one day (is {options.PageTimeout}).");
        if (options.RenderDpi is < 72 or > 600) errors.Add($"KnowledgeBase:Ocr:RenderDpi must be between 72 and 600 (is {options.RenderDpi}).");
        if (options.DetectionMaxSide is < 320 or > 4096) errors.Add($"KnowledgeBase:Ocr:DetectionMaxSide must be between 320 and 4096 (is {options.DetectionMaxSide}).");
        if (string.IsNullOrWhiteSpace(options.Renderer)) errors.Add("KnowledgeBase:Ocr:Renderer must name the pdftoppm program.");
        if (!string.IsNullOrWhiteSpace(options.ModelDirectory) && !Directory.Exists(options.ModelDirectory))
            errors.Add($"KnowledgeBase:Ocr:ModelDirectory '{options.ModelDirectory}' does not exist.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
