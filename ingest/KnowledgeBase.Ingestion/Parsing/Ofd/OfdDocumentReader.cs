using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Reads the pages of one OFD document (a Document.xml) in the order its Pages list gives, each laid out like a PDF page:
/// the page's templates (drawn under or over it, and part of it), its content and its annotations' appearances are
/// collected as placed characters and handed to the shared layout analysis. Signatures are seals and signed hashes, not
/// text: they are not read.
/// </summary>
internal sealed class OfdDocumentReader(OfdPackage package, string documentPath, ILogger logger, string fileName)
{
    /// <summary>A4 in millimetres, for documents that state no page area.</summary>
    private static readonly double[] DefaultPageBox = [0, 0, 210, 297];

    public void ReadPages(List<PdfPageLayout> layouts, int maxPages, CancellationToken cancellationToken)
    {
        var document = package.LoadRequired(documentPath, "the document root named by OFD.xml");
        var common = document.Child("CommonData");
        var resources = new OfdResources();
        foreach (var res in (common?.Children("PublicRes") ?? []).Concat(common?.Children("DocumentRes") ?? []))
            resources.Add(package, OfdPackage.Resolve(documentPath, res.Value));
        var defaultBox = Box(common?.Path("PageArea", "PhysicalBox")) ?? DefaultPageBox;
        var templates = (common?.Children("TemplatePage") ?? [])
            .Where(t => t.Attr("ID") is not null && t.Attr("BaseLoc") is not null)
            .GroupBy(t => t.Attr("ID")!)
            .ToDictionary(g => g.Key, g => OfdPackage.Resolve(documentPath, g.First().Attr("BaseLoc")!), StringComparer.Ordinal);
        var annotations = AnnotationFiles(document);
        var reader = new OfdContentReader(resources);

        foreach (var pageEntry in document.Path("Pages")?.Children("Page") ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (layouts.Count >= maxPages)
            {
                logger.LogWarning("{File} has more than {MaxPages} pages; only the first {MaxPages} are read", fileName, maxPages, maxPages);
                return;
            }
            var number = layouts.Count + 1;
            try
            {
                layouts.Add(ReadPage(pageEntry, number, reader, resources, templates, annotations, defaultBox));
            }
            catch (UnreadableDocumentException e) when (e.Kind == FailureKind.Corrupt)
            {
                // One damaged page should not cost the rest of the document.
                logger.LogWarning(e, "{File}: page {Page} could not be read", fileName, number);
                layouts.Add(PdfPageLayout.Empty(number));
            }
        }
    }

    private PdfPageLayout ReadPage(XElement pageEntry, int number, OfdContentReader reader, OfdResources resources,
        Dictionary<string, string> templates, Dictionary<string, List<string>> annotations, double[] defaultBox)
    {
        var glyphs = new List<OfdGlyph>();
        var box = defaultBox;
        if (pageEntry.Attr("BaseLoc") is { } location)
        {
            var pagePath = OfdPackage.Resolve(documentPath, location);
            var page = package.Load(pagePath)
                       ?? throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt OFD: page {number} ({pagePath}) is missing from the package");
            box = Box(page.Path("Area", "PhysicalBox")) ?? defaultBox;
            foreach (var res in page.Children("PageRes")) resources.Add(package, OfdPackage.Resolve(pagePath, res.Value));
            // Template content belongs to the page (letterheads, form labels): read it with the page's own.
            foreach (var template in page.Children("Template"))
                if (template.Attr("TemplateID") is { } id && templates.TryGetValue(id, out var templatePath) && package.Load(templatePath)?.Child("Content") is { } templateContent)
                    reader.Read(templateContent, OfdMatrix.Identity, glyphs);
            if (page.Child("Content") is { } content) reader.Read(content, OfdMatrix.Identity, glyphs);
        }
        foreach (var annotationPath in annotations.GetValueOrDefault(pageEntry.Attr("ID") ?? "", []))
        {
            foreach (var annot in package.Load(annotationPath)?.Children("Annot") ?? [])
            {
                // A watermark repeats one phrase over every page; it is not the page's text.
                if (annot.Attr("Type") == "Watermark" || annot.Child("Appearance") is not { } appearance) continue;
                reader.Read(appearance, OfdContentReader.Place(appearance, OfdMatrix.Identity), glyphs);
            }
        }
        var (letters, mediaBox) = OfdPageLetters.Convert(glyphs, box[2], box[3]);
        return PdfPageReader.Read(number, letters, mediaBox);
    }

    /// <summary>Page ID → the annotation parts of that page (Annotations.xml lists them per page).</summary>
    private Dictionary<string, List<string>> AnnotationFiles(XElement document)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (document.ChildText("Annotations") is not { } location) return result;
        var indexPath = OfdPackage.Resolve(documentPath, location);
        foreach (var page in package.Load(indexPath)?.Children("Page") ?? [])
        {
            if (page.Attr("PageID") is not { } id || page.ChildText("FileLoc") is not { } file) continue;
            if (!result.TryGetValue(id, out var files)) result[id] = files = [];
            files.Add(OfdPackage.Resolve(indexPath, file));
        }
        return result;
    }

    /// <summary>A PhysicalBox as x, y, width, height, when it is well formed and has an area.</summary>
    private static double[]? Box(XElement? element) =>
        OfdXml.Numbers(element?.Value) is [_, _, > 0, > 0] box ? box : null;
}
