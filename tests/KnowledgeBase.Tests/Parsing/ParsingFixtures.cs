using System.Text;
using KnowledgeBase.Ingestion.Parsing;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace KnowledgeBase.Tests.Parsing;

/// <summary>Committed fixtures and documents built at run time for the parser tests.</summary>
internal static class ParsingFixtures
{
    public static byte[] Read(string name) => File.ReadAllBytes(TestServices.Fixture(Path.Combine("Parsing", name)));

    public static ParsedDocument Parse(IDocumentParser parser, byte[] content, string name = "file") =>
        parser.Parse(content, name, TestContext.Current.CancellationToken);

    public static string AllText(ParsedDocument document) => string.Join("\n", document.Pages.Select(p => p.Text));

    /// <summary>A file from ../shared/corpus, or a visible skip when the shared corpus is not beside the checkout.</summary>
    public static string SharedFile(string relative)
    {
        var corpus = TestServices.SharedCorpus();
        Assert.SkipWhen(corpus is null, "../shared/corpus is not available on this machine");
        var path = Path.Combine(corpus!, relative);
        Assert.SkipUnless(File.Exists(path), $"{relative} is not in the shared corpus");
        return path;
    }

    /// <summary>A PDF written object by object with a correct cross-reference table, for malformed structures PdfPig's builder will not write.</summary>
    public static byte[] RawPdf(params string[] objects)
    {
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append($"{offset:D10} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>
    /// A long report: every page has the same running header, a body line of its own and a "- n -" page number.
    /// </summary>
    public static byte[] LongReport(int pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var i = 1; i <= pages; i++)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText("Annual Report on Border Industrial Parks", 9, new PdfPoint(50, 810), font);
            page.AddText($"Body of page {i} on land supply for park {Word(i)}.", 12, new PdfPoint(50, 600), font);
            page.AddText($"- {i} -", 9, new PdfPoint(290, 30), font);
        }
        return builder.Build();
    }

    /// <summary>A letters-only word that differs from page to page (digits alone would be masked as page numbers).</summary>
    private static string Word(int i)
    {
        var word = new StringBuilder();
        for (var n = i; n > 0; n /= 26) word.Insert(0, (char)('a' + n % 26));
        return word.ToString();
    }

    /// <summary>A one-page PDF with the given lines of Helvetica text from the top down.</summary>
    public static byte[] SimplePdf(params string[] lines)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        var y = 700.0;
        foreach (var line in lines)
        {
            page.AddText(line, 12, new PdfPoint(50, y), font);
            y -= 16;
        }
        return builder.Build();
    }

    /// <summary>A PDF whose pages carry no text at all (what a scanned page looks like to a text extractor).</summary>
    public static byte[] BlankPdf(int pages)
    {
        var builder = new PdfDocumentBuilder();
        for (var i = 0; i < pages; i++) builder.AddPage(PageSize.A4);
        return builder.Build();
    }
}
