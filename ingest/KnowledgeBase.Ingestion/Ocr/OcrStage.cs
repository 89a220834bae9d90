using System.Diagnostics;
using KnowledgeBase.Configuration;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Ingestion.Ocr;

/// <summary>What OCR did for one document: pages recognised, and each page it could not read with the reason.</summary>
public sealed record OcrSummary(int Requested, int Recognised, IReadOnlyList<string> Problems)
{
    public static OcrSummary None { get; } = new(0, 0, []);

    /// <summary>The problems in one line for a failure reason (the first few, then a count).</summary>
    public string Describe() =>
        Problems.Count <= 3 ? string.Join("; ", Problems) : string.Join("; ", Problems.Take(3)) + $"; and {Problems.Count - 3} more";
}

/// <summary>
/// The ingest step between parsing and chunking: the pages a parser asked for (<see cref="ParsedDocument.OcrRequests"/>)
/// are fetched as images one at a time and recognised, each within <see cref="OcrOptions.PageTimeout"/> of CPU time
/// (<see cref="PageTimeLimit"/>), at most
/// <see cref="OcrOptions.MaxPagesPerDocument"/> per document. A page that cannot be had or read stays without text
/// and its reason is reported; the document goes on with the pages that could.
/// </summary>
public sealed class OcrStage(
    PageRecognizer recognizer,
    IEnumerable<IPageImageProvider> providers,
    IOptions<OcrOptions> options,
    ILogger<OcrStage>? logger = null)
{
    private readonly OcrOptions _options = options.Value;
    private readonly ILogger _logger = logger ?? NullLogger<OcrStage>.Instance;
    private readonly Dictionary<FileFormat, IPageImageProvider> _providers = providers.ToDictionary(p => p.Format);

    public (ParsedDocument Document, OcrSummary Summary) Apply(
        ParsedDocument parsed, FileFormat format, ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        var requests = parsed.OcrRequests;
        if (requests.Count == 0) return (parsed, OcrSummary.None);
        if (!_options.Enabled)
            return (parsed, new OcrSummary(requests.Count, 0, ["OCR is turned off (KnowledgeBase:Ocr:Enabled)"]));
        if (!_providers.TryGetValue(format, out var provider))
            return (parsed, new OcrSummary(requests.Count, 0, [$"page images of {format} files cannot be read"]));

        var problems = new List<string>();
        var pages = parsed.Pages.ToDictionary(p => p.Number);
        var allowed = requests.Take(_options.MaxPagesPerDocument).ToList();
        if (allowed.Count < requests.Count)
        {
            problems.Add($"{requests.Count - allowed.Count} pages over the limit of {_options.MaxPagesPerDocument} recognised pages per document (KnowledgeBase:Ocr:MaxPagesPerDocument) were not read");
            _logger.LogWarning("{File}: {Pages} pages need OCR; only the first {Max} are recognised", fileName, requests.Count, _options.MaxPagesPerDocument);
        }

        var recognised = 0;
        using var images = provider.Open(content, fileName);
        for (var i = 0; i < allowed.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = allowed[i];
            var clock = Stopwatch.StartNew();
            using var pageLimit = new PageTimeLimit(_options.PageTimeout, cancellationToken);
            try
            {
                var image = images.Load(request, pageLimit.Token);
                if (image.Image is null)
                {
                    problems.Add($"page {request.Page}: {image.Problem}");
                    _logger.LogWarning("{File}: page {Page} cannot be recognised: {Problem}", fileName, request.Page, image.Problem);
                    continue;
                }
                // Loading (decoding, composing or rendering) may have used the page's time up: recognition would
                // start only to be stopped by the timer, so the page is abandoned here, by the same limit.
                if (pageLimit.Exceeded) throw new OperationCanceledException(pageLimit.Token);
                var result = recognizer.Read(image.Image, pageLimit.Token);
                var page = OcrTextAssembler.Assemble(request.Page, result);
                pages[request.Page] = page;
                recognised++;
                _logger.LogInformation(
                    "{File}: OCR page {Page} ({Index}/{Count}, {Reason}, {Origin}): {Lines} lines, {Chars} characters, confidence {Confidence:F2}, {Seconds:F1} s ({CpuSeconds:F1} CPU-s)",
                    fileName, request.Page, i + 1, allowed.Count, request.Reason, image.Origin, result.Lines.Count(), page.Text.Length,
                    result.Confidence ?? 0, clock.Elapsed.TotalSeconds, pageLimit.Used.TotalSeconds);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problems.Add($"page {request.Page}: {pageLimit.Describe()}");
                _logger.LogWarning("{File}: OCR of page {Page} abandoned after {Used} ({Limit} allowed)", fileName, request.Page, pageLimit.Used, _options.PageTimeout);
            }
            catch (FileNotFoundException e)
            {
                // The models are missing: no page of any document can be read; say so once and stop.
                problems.Add(e.Message);
                _logger.LogError("OCR is unavailable: {Reason}", e.Message);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // A hostile or broken image must not cost the document its other pages.
                problems.Add($"page {request.Page}: {e.Message}");
                _logger.LogWarning(e, "{File}: OCR of page {Page} failed", fileName, request.Page);
            }
        }

        var document = parsed with
        {
            Pages = parsed.Pages.Select(p => pages[p.Number]).ToList(),
            OcrRequests = [],
        };
        return (document, new OcrSummary(requests.Count, recognised, problems));
    }
}
