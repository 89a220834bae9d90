using System.Text;
using KnowledgeBase.Ingestion.Ocr;
using KnowledgeBase.Model;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Builds the page texts of a PDF from its laid-out pages: drops running headers, footers and page numbers
/// (which needs every page's edge lines, hence a pass over the whole document), joins the lines of each block
/// into a paragraph and separates paragraphs with "\n"; and lists the pages whose text must come from OCR
/// (<see cref="PdfOcrDecision"/>), leaving their text empty.
/// </summary>
internal static class PdfTextAssembler
{
    public static (IReadOnlyList<DocumentPage> Pages, IReadOnlyList<OcrRequest> OcrRequests) Assemble(IReadOnlyList<PdfPageLayout> layouts)
    {
        var repeated = RunningLineFilter.FindRepeated(
            layouts.Select(p => (IReadOnlyCollection<string>)p.Blocks.SelectMany(b => b.Lines).Where(l => l.AtEdge).Select(l => l.Text).ToList()).ToList());

        var pages = new List<DocumentPage>(layouts.Count);
        var requests = new List<OcrRequest>();
        foreach (var layout in layouts)
        {
            var pageText = PageText(layout, line => IsRunningLine(line, repeated));
            // A page made only of "repeated" lines is content that happens to recur (slides, forms), not a header.
            if (pageText.Length == 0) pageText = PageText(layout, line => line.AtEdge && RunningLineFilter.IsPageNumber(line.Text));
            var garbage = GarbageText.IsGarbage(pageText);
            if (PdfOcrDecision.For(layout, garbage) is { } request)
            {
                requests.Add(request);
                pageText = "";
            }
            else if (garbage)
            {
                pageText = "";
            }
            pages.Add(new DocumentPage(layout.Number, pageText));
        }
        return (pages, requests);
    }

    private static string PageText(PdfPageLayout layout, Func<PdfLine, bool> drop)
    {
        var text = new StringBuilder();
        foreach (var block in layout.Blocks)
        {
            var paragraph = LineJoiner.Join(block.Lines.Where(l => !drop(l)).Select(l => l.Text));
            if (paragraph.Length == 0) continue;
            if (text.Length > 0) text.Append('\n');
            text.Append(paragraph);
        }
        return text.ToString();
    }

    private static bool IsRunningLine(PdfLine line, HashSet<string> repeated) =>
        line.AtEdge && (RunningLineFilter.IsPageNumber(line.Text) || repeated.Contains(RunningLineFilter.Key(line.Text)));
}
