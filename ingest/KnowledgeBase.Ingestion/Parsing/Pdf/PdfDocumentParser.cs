using KnowledgeBase.Configuration;
using KnowledgeBase.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Reads PDFs with PdfPig: page text in reading order with Chinese closed up and English hyphenation repaired,
/// running headers, footers and page numbers dropped, title/author/year from the document information or the
/// largest type on the first page.
/// </summary>
/// <remarks>
/// Pages are read one at a time and only their text is kept, so memory stays bounded on very long files. A PDF
/// with more than <see cref="IngestOptions.MaxPages"/> pages is read up to that page and the rest is skipped
/// with a warning in the log: the beginning of a long report is worth indexing, and refusing the whole file
/// would hide it. Owner-restricted PDFs (no user password) are read; PDFs that need a password are refused.
/// A page whose text layer is junk (unmapped glyphs) is treated as having no text, like a scanned page.
/// </remarks>
public sealed class PdfDocumentParser(IOptions<IngestOptions> options, ILogger<PdfDocumentParser> logger) : IDocumentParser
{
    private readonly int _maxPages = Math.Max(1, options.Value.MaxPages);

    /// <summary>A parser with default limits and no logging (tools and tests).</summary>
    public PdfDocumentParser() : this(Options.Create(new IngestOptions()), NullLogger<PdfDocumentParser>.Instance) { }

    public FileFormat Format => FileFormat.Pdf;

    /// <summary>Pages read but not yet laid out, at most: enough to keep every core busy while the next page is read.</summary>
    private static readonly int PagesInFlight = Environment.ProcessorCount * 2;

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        using var document = Open(content);
        var pageCount = document.NumberOfPages;
        if (pageCount <= 0) throw new UnreadableDocumentException(FailureKind.Corrupt, "corrupt PDF: the page tree holds no readable page (broken or looping page tree)");
        if (pageCount > _maxPages)
            logger.LogWarning("{File} has {Pages} pages; only the first {MaxPages} are read", fileName, pageCount, _maxPages);

        // Reading a page (its content stream) must go page by page through the document; laying out its letters
        // (words, Docstrum blocks, reading order: two thirds of the parse time) is independent per page, so each page
        // is laid out on the thread pool as soon as it is read: a long report no longer keeps one core busy while the
        // others wait, and reading overlaps layout.
        var readable = Math.Min(pageCount, _maxPages);
        var layouts = new PdfPageLayout[readable];
        var failures = new Exception?[readable];
        var layingOut = new List<Task>(readable);
        // Read pages wait for a core instead of piling up: a read page holds every letter with its glyph geometry, and
        // a whole book of them in memory made the collector promote and re-scan them (a third of the parse time).
        // Not disposed: after a cancellation, layout tasks still running release it when they end.
        var inFlight = new SemaphoreSlim(PagesInFlight);
        for (var i = 0; i < readable; i++)
        {
            inFlight.Wait(cancellationToken);
            Page page;
            try
            {
                page = document.GetPage(i + 1);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                failures[i] = e;
                inFlight.Release();
                continue;
            }
            var index = i;
            layingOut.Add(Task.Run(() =>
            {
                try
                {
                    layouts[index] = PdfPageReader.Read(page);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    failures[index] = e;
                }
                finally
                {
                    inFlight.Release();
                }
            }, CancellationToken.None));
        }
        Task.WaitAll(layingOut, cancellationToken);
        var failedPages = 0;
        Exception? firstFailure = null;
        for (var i = 0; i < readable; i++)
        {
            if (failures[i] is not { } failure) continue;
            // One damaged page (bad content stream, missing object) should not cost the rest of the document.
            failedPages++;
            firstFailure ??= failure;
            logger.LogWarning(failure, "{File}: page {Page} could not be read", fileName, i + 1);
            layouts[i] = PdfPageLayout.Empty(i + 1);
        }
        if (failedPages == layouts.Length)
            throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt PDF: no page could be read ({Describe(firstFailure!)})", firstFailure);

        var (pages, ocrRequests) = PdfTextAssembler.Assemble(layouts);
        var info = PdfMetadataReader.Read(document, layouts.Length > 0 ? layouts[0] : null);
        return new ParsedDocument(pages, [], info.Title, info.Author, info.Year) { OcrRequests = ocrRequests };
    }

    private static PdfDocument Open(ReadOnlyMemory<byte> content)
    {
        try
        {
            return PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true, ClipPaths = false });
        }
        catch (PdfDocumentEncryptedException e)
        {
            throw new UnreadableDocumentException(FailureKind.Encrypted, "encrypted PDF (password required)", e);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            if (LooksLikePasswordFailure(e))
                throw new UnreadableDocumentException(FailureKind.Encrypted, "encrypted PDF (password required)", e);
            throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt or truncated PDF: {Describe(e)}", e);
        }
    }

    private static bool LooksLikePasswordFailure(Exception e) =>
        e.Message.Contains("password", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("encrypt", StringComparison.OrdinalIgnoreCase);

    private static string Describe(Exception e)
    {
        var message = e.Message.ReplaceLineEndings(" ").Trim();
        if (message.Length > 160) message = message[..160] + "…";
        return message.Length == 0 ? e.GetType().Name : message;
    }
}
