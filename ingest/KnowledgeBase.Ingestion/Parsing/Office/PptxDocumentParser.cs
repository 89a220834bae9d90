using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using KnowledgeBase.Model;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Reads PowerPoint presentations (.pptx) with the Open XML SDK: each slide is a page, in the order the presentation
/// shows them (hidden slides left out). A slide's shapes are read top to bottom, left to right (the order they were
/// drawn in is the order they were added, not the order they are read); its title placeholder becomes the page's
/// heading; tables become rows of cells; the speaker notes follow under "备注：", because what a presenter says is
/// often the only full sentence on the slide.
/// </summary>
public sealed class PptxDocumentParser : IDocumentParser
{
    public FileFormat Format => FileFormat.Pptx;

    /// <summary>What introduces the speaker notes in a slide's text.</summary>
    public const string NotesLabel = "备注：";

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        using var stream = OpenXmlPackages.AsStream(content);
        ZipBombGuard.Check(stream, "PPTX");
        return OpenXmlPackages.Guard("PPTX", () =>
        {
            using var presentation = PresentationDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = OpenXmlPackages.MaxCharactersInPart });
            var part = presentation.PresentationPart ?? throw new UnreadableDocumentException(FailureKind.Corrupt, "corrupt PPTX: no presentation part");
            var pages = new List<DocumentPage>();
            var headings = new List<Heading>();
            foreach (var slideId in part.Presentation?.SlideIdList?.Elements<P.SlideId>() ?? [])
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (slideId.RelationshipId?.Value is not { } relationship || part.GetPartById(relationship) is not SlidePart slide) continue;
                if (slide.Slide?.Show?.Value == false) continue;
                var number = pages.Count + 1;
                var (text, title) = SlideText(slide);
                if (title is not null) headings.Add(new Heading(number, text.IndexOf(title, StringComparison.Ordinal), 1, title));
                pages.Add(new DocumentPage(number, text));
            }
            if (pages.Count == 0) throw new UnreadableDocumentException(FailureKind.Empty, "the presentation has no slides");
            var properties = presentation.PackageProperties;
            var documentTitle = OpenXmlPackages.Clean(properties.Title) ?? headings.FirstOrDefault()?.Text;
            return new ParsedDocument(pages, headings, documentTitle, OpenXmlPackages.Clean(properties.Creator), properties.Created?.Year);
        });
    }

    private static (string Text, string? Title) SlideText(SlidePart slide)
    {
        var blocks = new List<(long Top, long Left, string Text, bool IsTitle)>();
        if (slide.Slide?.CommonSlideData?.ShapeTree is { } tree)
            Collect(tree, blocks);
        var ordered = blocks.OrderBy(b => b.IsTitle ? 0 : 1).ThenBy(b => b.Top).ThenBy(b => b.Left).ToList();
        var text = new StringBuilder();
        foreach (var block in ordered)
        {
            if (text.Length > 0) text.Append('\n');
            text.Append(block.Text);
        }
        var notes = slide.NotesSlidePart?.NotesSlide?.CommonSlideData?.ShapeTree?.Elements<P.Shape>()
            .Where(s => PlaceholderType(s) == P.PlaceholderValues.Body)
            .Select(s => Paragraphs(s.TextBody))
            .FirstOrDefault(t => t.Length > 0);
        if (notes is not null)
        {
            if (text.Length > 0) text.Append('\n');
            text.Append(NotesLabel).Append(notes);
        }
        var title = ordered.FirstOrDefault(b => b.IsTitle).Text;
        return (text.ToString(), string.IsNullOrEmpty(title) ? null : title.Split('\n')[0]);
    }

    /// <summary>Text shapes, tables and groups (recursively) with their position on the slide.</summary>
    private static void Collect(OpenXmlCompositeElement container, List<(long, long, string, bool)> blocks)
    {
        foreach (var element in container.ChildElements)
        {
            switch (element)
            {
                case P.Shape shape:
                    var text = Paragraphs(shape.TextBody);
                    if (text.Length == 0) break;
                    var offset = shape.ShapeProperties?.Transform2D?.Offset;
                    var type = PlaceholderType(shape);
                    blocks.Add((offset?.Y?.Value ?? 0, offset?.X?.Value ?? 0, text, type == P.PlaceholderValues.Title || type == P.PlaceholderValues.CenteredTitle));
                    break;
                case P.GraphicFrame frame when frame.Descendants<A.Table>().FirstOrDefault() is { } table:
                    var rows = table.Elements<A.TableRow>()
                        .Select(r => r.Elements<A.TableCell>().Select(c => Paragraphs(c.TextBody).Replace('\n', ' ')).ToArray())
                        .Where(r => r.Any(c => c.Length > 0))
                        .ToList();
                    if (rows.Count == 0) break;
                    var position = frame.Transform?.Offset;
                    blocks.Add((position?.Y?.Value ?? 0, position?.X?.Value ?? 0, string.Join('\n', TableText.Lines(rows)), false));
                    break;
                case P.GroupShape group:
                    Collect(group, blocks);
                    break;
            }
        }
    }

    private static P.PlaceholderValues? PlaceholderType(P.Shape shape) =>
        shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape is { } placeholder
            ? placeholder.Type?.Value ?? P.PlaceholderValues.Body
            : null;

    /// <summary>The paragraphs of a text body, one per line; runs joined, line breaks kept as spaces.</summary>
    private static string Paragraphs(OpenXmlElement? body)
    {
        if (body is null) return "";
        var lines = new List<string>();
        foreach (var paragraph in body.Elements<A.Paragraph>())
        {
            var line = new StringBuilder();
            foreach (var node in paragraph.ChildElements)
            {
                switch (node)
                {
                    case A.Run run: line.Append(run.Text?.Text); break;
                    case A.Break: line.Append(' '); break;
                    case A.Field field: line.Append(field.Text?.Text); break;
                }
            }
            var trimmed = line.ToString().Trim();
            if (trimmed.Length > 0) lines.Add(trimmed);
        }
        return string.Join('\n', lines);
    }
}
