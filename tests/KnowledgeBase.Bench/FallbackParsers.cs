using System.Text;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Model;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace KnowledgeBase.Bench;

/// <summary>
/// Stand-ins used by the benchmark only for a format the product registers no parser for (so the ingest figures exist
/// before the real parsers land). Every figure measured with one of these is labelled "bench fallback" in the output;
/// they are not product code and say nothing about the product parsers' speed.
/// </summary>
internal static class FallbackParsers
{
    public static IReadOnlyList<IDocumentParser> For(IEnumerable<FileFormat> missing) =>
        missing.Select(f => f switch
        {
            FileFormat.Pdf => (IDocumentParser)new PdfPigFallback(),
            FileFormat.PlainText or FileFormat.Markdown => new Utf8TextFallback(f),
            _ => null,
        }).OfType<IDocumentParser>().ToList();

    /// <summary>PdfPig's content-order text of each page.</summary>
    private sealed class PdfPigFallback : IDocumentParser
    {
        public FileFormat Format => FileFormat.Pdf;

        public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
        {
            using var document = PdfDocument.Open(content.ToArray());
            var pages = new List<DocumentPage>(document.NumberOfPages);
            foreach (var page in document.GetPages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                pages.Add(new DocumentPage(page.Number, ContentOrderTextExtractor.GetText(page)));
            }
            return new ParsedDocument(pages, []);
        }
    }

    /// <summary>The whole file as one page of UTF-8 text.</summary>
    private sealed class Utf8TextFallback(FileFormat format) : IDocumentParser
    {
        public FileFormat Format => format;

        public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken) =>
            new([new DocumentPage(1, Encoding.UTF8.GetString(content.Span).TrimStart('\uFEFF'))], []);
    }
}
