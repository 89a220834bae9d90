using System.Runtime.InteropServices;
using KnowledgeBase.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Reads OFD (GB/T 33190, the fixed-layout format Chinese public bodies issue documents in): OFD.xml → each DocBody's
/// DocInfo and DocRoot → Document.xml → its pages in order, each page's characters (with templates and annotations)
/// laid out like a PDF page, so reading order, paragraphs, running headers and page numbers are handled the same way.
/// The title comes from DocInfo, else the largest type on the first page; the year falls back to the file's creation
/// date (the issue date is read from the text by the metadata step).
/// </summary>
/// <remarks>
/// Safe on hostile files: the zip is checked for bombs before inflating, parts are size-capped, XML is read without
/// DTDs or resolvers (<see cref="OfdPackage"/>), characters per page are capped (<see cref="OfdContentReader"/>).
/// Text is taken from TextCode as written; a font's code-to-glyph map (CGTransform) only matters for drawing.
/// </remarks>
public sealed class OfdDocumentParser(IOptions<IngestOptions> options, ILogger<OfdDocumentParser> logger) : IDocumentParser
{
    private readonly int _maxPages = Math.Max(1, options.Value.MaxPages);

    /// <summary>A parser with default limits and no logging (tools and tests).</summary>
    public OfdDocumentParser() : this(Options.Create(new IngestOptions()), NullLogger<OfdDocumentParser>.Instance) { }

    public FileFormat Format => FileFormat.Ofd;

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        using var stream = MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        using var package = new OfdPackage(stream);
        var root = package.LoadRequired("OFD.xml", "the entry file OFD.xml");
        var bodies = root.Children("DocBody").ToList();
        if (bodies.Count == 0) throw new UnreadableDocumentException(FailureKind.Corrupt, "corrupt OFD: OFD.xml names no document (no DocBody)");

        var layouts = new List<PdfPageLayout>();
        OfdDocInfo? info = null;
        foreach (var body in bodies)
        {
            info ??= OfdDocInfo.Read(body.Child("DocInfo"));
            if (body.ChildText("DocRoot") is not { } docRoot) continue;
            new OfdDocumentReader(package, OfdPackage.Resolve("OFD.xml", docRoot), logger, fileName).ReadPages(layouts, _maxPages, cancellationToken);
        }
        if (layouts.Count == 0) throw new UnreadableDocumentException(FailureKind.Corrupt, "corrupt OFD: the document lists no pages");

        // OFD pages are not rendered for OCR: a page whose text is garbage is left empty.
        var (pages, _) = PdfTextAssembler.Assemble(layouts);
        info ??= OfdDocInfo.Empty;
        var title = info.Title ?? PdfMetadataReader.LargestTypeOn(layouts[0]);
        return new ParsedDocument(pages, [], title, info.Author, info.CreationDate?.Year);
    }
}
