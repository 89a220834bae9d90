using System.Runtime.InteropServices;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using KnowledgeBase.Model;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Reads Word (.docx) documents with the Open XML SDK: body paragraphs in order, tables as rows of tab-separated
/// cells, headings from outline levels and heading styles, title/author/year from the core properties.
/// The package is checked for zip bombs before anything is inflated, each XML part is capped in size, and
/// DTDs are never processed (the SDK prohibits them; such a file is refused as unsafe).
/// </summary>
public sealed class DocxDocumentParser : IDocumentParser
{
    /// <summary>Most characters read from one XML part (a 100-MB document.xml is far beyond any real document).</summary>
    public const long MaxCharactersInPart = OpenXmlPackages.MaxCharactersInPart;

    public FileFormat Format => FileFormat.Docx;

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        using var stream = OpenXmlPackages.AsStream(content);
        ZipBombGuard.Check(stream, "DOCX");
        return OpenXmlPackages.Guard("DOCX", () =>
        {
            using var document = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
            var main = document.MainDocumentPart ?? throw new UnreadableDocumentException(FailureKind.Corrupt, "corrupt DOCX: no main document part");
            var body = main.Document?.Body ?? throw new UnreadableDocumentException(FailureKind.Corrupt, "corrupt DOCX: the document has no body");
            var headingLevels = new DocxHeadingLevels(main);

            var text = new StringBuilder();
            var headings = new List<Heading>();
            foreach (var element in body.ChildElements)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (element)
                {
                    case Paragraph paragraph:
                        var line = ParagraphText(paragraph);
                        if (line.Length == 0) break;
                        if (text.Length > 0) text.Append('\n');
                        if (headingLevels.LevelOf(paragraph) is { } level) headings.Add(new Heading(1, text.Length, level, line));
                        text.Append(line);
                        break;
                    case Table table:
                        AppendTable(table, text);
                        break;
                    case SdtBlock sdt: // content controls (cover pages, tables of contents) hold ordinary paragraphs
                        foreach (var inner in sdt.Descendants<Paragraph>())
                        {
                            var innerLine = ParagraphText(inner);
                            if (innerLine.Length == 0) continue;
                            if (text.Length > 0) text.Append('\n');
                            text.Append(innerLine);
                        }
                        break;
                }
            }

            var properties = document.PackageProperties;
            var title = OpenXmlPackages.Clean(properties.Title);
            var author = OpenXmlPackages.Clean(properties.Creator);
            var year = properties.Created?.Year;
            var bodyText = text.ToString();
            return new ParsedDocument([new DocumentPage(1, bodyText)], headings, ChooseTitle(title, headings, bodyText), author, year);
        });
    }

    /// <summary>Text of a paragraph: runs, tabs, breaks and symbols; deleted revisions and field codes are not text.</summary>
    private static string ParagraphText(OpenXmlElement paragraph)
    {
        var text = new StringBuilder();
        foreach (var node in paragraph.Descendants())
        {
            switch (node)
            {
                case WordText t: text.Append(t.Text); break;
                case TabChar or PositionalTab: text.Append('\t'); break;
                case Break or CarriageReturn: text.Append(' '); break;
                case NoBreakHyphen: text.Append('-'); break;
                case SoftHyphen: break;
            }
        }
        return text.ToString().Trim();
    }

    /// <summary>One line per table row, cells separated by tabs; nested tables are flattened into their cell.</summary>
    private static void AppendTable(Table table, StringBuilder text)
    {
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = row.Elements<TableCell>()
                .Select(cell => string.Join(' ', cell.Descendants<Paragraph>().Select(ParagraphText).Where(t => t.Length > 0)))
                .ToList();
            if (cells.All(c => c.Length == 0)) continue;
            if (text.Length > 0) text.Append('\n');
            text.Append(string.Join('\t', cells));
        }
    }

    /// <summary>
    /// The core-properties title, unless it is a template leftover ("标准名称") that the text never mentions;
    /// then the first top-level heading that is not front matter (目次, 前言, Contents…).
    /// </summary>
    private static string? ChooseTitle(string? coreTitle, IReadOnlyList<Heading> headings, string body)
    {
        if (coreTitle is not null && Squeeze(body).Contains(Squeeze(coreTitle), StringComparison.Ordinal)) return coreTitle;
        var heading = headings.Where(h => !FrontMatter.Contains(Squeeze(h.Text).ToLowerInvariant()))
            .OrderBy(h => h.Level).ThenBy(h => h.Offset).FirstOrDefault()?.Text;
        return heading ?? coreTitle;
    }

    private static readonly HashSet<string> FrontMatter =
        ["目次", "目录", "前言", "引言", "摘要", "contents", "tableofcontents", "foreword", "preface", "introduction", "abstract"];

    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
