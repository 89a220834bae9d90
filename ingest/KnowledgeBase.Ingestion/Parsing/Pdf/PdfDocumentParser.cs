using KnowledgeBase.Configuration;
using KnowledgeBase.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
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
/// A page whose text layer is junk (unmapped glyphs) is treated as having no text, like a scanned page. Form fields'
/// text (<see cref="PdfFormText"/>) joins the page it sits on. Before any page is drawn the structure is checked
/// (<see cref="PdfStructureCheck"/>): drawings nested too deep are refused, and objects nested past PdfPig's limit are
/// reported as such rather than as pages without text.
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
        // Opening walks the page tree and reading the form walks its field tree, both recursively: on a deep stack.
        var (document, structure, formText) = DeepStack.Run(() => OpenAndInspect(content, cancellationToken));
        using var _ = document;
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
            PdfPageContent madeOf;
            try
            {
                // Everything that reads from the document happens here, on this thread; the layout task below only
                // uses the letters GetPage has read.
                page = document.GetPage(i + 1);
                madeOf = PdfPageReader.ContentOf(page);
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
                    layouts[index] = PdfPageReader.Read(page, madeOf);
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
        {
            throw firstFailure is PdfDocumentStackDepthException || structure.NestedTooDeeply > 0
                ? new UnreadableDocumentException(FailureKind.Corrupt, NestedTooDeeply, firstFailure)
                : new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt PDF: no page could be read ({Describe(firstFailure!)})", firstFailure);
        }

        // The title is looked for in the page's own type, before form fields join its text.
        var info = PdfMetadataReader.Read(document, layouts.Length > 0 ? layouts[0] : null);
        WithFormText(layouts, formText);
        var (pages, ocrRequests) = PdfTextAssembler.Assemble(layouts);
        // Pages PdfPig could not read for nesting come out empty, like pages without a text layer; say which it was.
        if (structure.NestedTooDeeply > 0 && ocrRequests.Count == 0 && pages.All(p => string.IsNullOrWhiteSpace(p.Text)))
            throw new UnreadableDocumentException(FailureKind.Corrupt, NestedTooDeeply);
        return new ParsedDocument(pages, [], info.Title, info.Author, info.Year) { OcrRequests = ocrRequests };
    }

    private static readonly string NestedTooDeeply =
        $"corrupt PDF: its structure is nested too deeply (arrays or dictionaries more than {PdfStructureCheck.MaxObjectNesting} levels deep), so no page could be read";

    /// <summary>Opens the file and checks its structure before any page is drawn; the caller disposes the document.</summary>
    private static (PdfDocument Document, PdfStructure Structure, IReadOnlyDictionary<int, IReadOnlyList<string>> FormText) OpenAndInspect(
        ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var document = Open(content);
        try
        {
            var structure = PdfStructureCheck.Inspect(document, cancellationToken);
            if (structure.FormsTooDeep)
            {
                throw new UnreadableDocumentException(FailureKind.Unsafe,
                    $"refused: PDF structure nested too deeply (drawings within drawings more than {PdfStructureCheck.MaxFormNesting} levels deep)");
            }
            return (document, structure, PdfFormText.Read(document));
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>Form fields' text follows the text of the page they sit on, one line each.</summary>
    private static void WithFormText(PdfPageLayout[] layouts, IReadOnlyDictionary<int, IReadOnlyList<string>> formText)
    {
        for (var i = 0; i < layouts.Length; i++)
        {
            if (!formText.TryGetValue(i + 1, out var lines)) continue;
            var block = new PdfBlock(lines.Select(text => new PdfLine(text, 0, 0, 0, Horizontal: true)).ToList());
            layouts[i] = layouts[i] with { Blocks = [.. layouts[i].Blocks, block] };
        }
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
