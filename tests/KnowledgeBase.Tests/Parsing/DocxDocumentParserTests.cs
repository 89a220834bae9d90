using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using KnowledgeBase.Ingestion.Parsing;
using static KnowledgeBase.Tests.Parsing.ParsingFixtures;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace KnowledgeBase.Tests.Parsing;

public sealed class DocxDocumentParserTests
{
    private readonly DocxDocumentParser _parser = new();

    [Fact]
    public void Word_standard_draft_gives_text_headings_and_title()
    {
        var document = Parse(_parser, Read("nb-psr-guide-part1-draft.docx"));

        var text = document.Pages.Single().Text;
        Assert.Contains("核电厂定期安全评价", text);
        Assert.Contains(document.Headings, h => h.Text == "范围" && h.Level == 2);
        Assert.Contains(document.Headings, h => h.Text == "术语和定义" && h.Level == 2);
        Assert.Contains(document.Headings, h => h.Text == "确定评价范围和内容" && h.Level == 3);
        // Every heading sits at its offset in the page text.
        Assert.All(document.Headings, h => Assert.Equal(h.Text, text.Substring(h.Offset, h.Text.Length)));
        // The core-properties title is a template leftover ("标准名称") the text never uses; the first real heading wins.
        Assert.Equal("核电厂定期安全评价 第1部分：通用要求", document.Title);
        Assert.Equal(2023, document.Year);
    }

    [Fact]
    public void Paragraphs_tables_and_heading_styles_are_read_in_order()
    {
        var docx = BuildDocx(body =>
        {
            body.Append(StyledParagraph("总则", "Heading1"));
            body.Append(new Paragraph(new Run(new WordText("第一条 为了促进沿边产业园区发展，制定本办法。"))));
            body.Append(new Table(
                new TableRow(Cell("园区"), Cell("面积")),
                new TableRow(Cell("凭祥"), Cell("12平方公里"))));
            body.Append(StyledParagraph("土地要素保障", "Heading2"));
            body.Append(new Paragraph(new Run(new WordText("保障用地需求。")), new Run(new DeletedText("删除的文字"))));
        });

        var document = Parse(_parser, docx);

        Assert.Equal("总则\n第一条 为了促进沿边产业园区发展，制定本办法。\n园区\t面积\n凭祥\t12平方公里\n土地要素保障\n保障用地需求。", document.Pages.Single().Text);
        Assert.Equal([("总则", 1), ("土地要素保障", 2)], document.Headings.Select(h => (h.Text, h.Level)));
    }

    [Fact]
    public void Zip_bomb_is_refused_as_unsafe_before_inflating()
    {
        using var package = new MemoryStream();
        using (var zip = new ZipArchive(package, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddEntry(zip, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            using var stream = zip.CreateEntry("word/document.xml", CompressionLevel.Optimal).Open();
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)' ');
            for (var i = 0; i < 64; i++) stream.Write(block); // 64 MiB of spaces deflate to a few dozen KiB
        }

        var error = Assert.Throws<UnreadableDocumentException>(() => Parse(_parser, package.ToArray()));

        Assert.Equal(FailureKind.Unsafe, error.Kind);
        Assert.Contains("zip bomb", error.Message);
    }

    [Fact]
    public void External_entities_are_never_resolved()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"kb-xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "TOP-SECRET-CONTENT");
        try
        {
            var docx = BuildDocx(body => body.Append(new Paragraph(new Run(new WordText("PLACEHOLDER")))));
            var hostile = ReplaceDocumentXml(docx, xml => xml
                .Replace("<w:document", $"<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file://{secret}\">]><w:document")
                .Replace("PLACEHOLDER", "&xxe;"));

            try
            {
                var document = Parse(_parser, hostile);
                Assert.DoesNotContain("TOP-SECRET-CONTENT", AllText(document));
            }
            catch (UnreadableDocumentException e)
            {
                Assert.Equal(FailureKind.Unsafe, e.Kind);
                Assert.DoesNotContain("TOP-SECRET-CONTENT", e.Message);
            }
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Broken_zip_is_corrupt()
    {
        var docx = BuildDocx(body => body.Append(new Paragraph(new Run(new WordText("正文")))));
        var error = Assert.Throws<UnreadableDocumentException>(() => Parse(_parser, docx[..(docx.Length / 2)]));
        Assert.Equal(FailureKind.Corrupt, error.Kind);
    }

    [Fact]
    public void Legacy_word_file_is_not_taken_for_docx()
    {
        var doc = Read("nb-psr-guide-part7-draft.doc");

        Assert.Equal(FileFormat.Doc, FormatSniffer.Detect(doc, "report.docx"));
        Assert.Equal(FileFormat.Doc, FormatSniffer.Detect(doc, "report.wps"));
    }

    private static byte[] BuildDocx(Action<Body> fill)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            fill(body);
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Paragraph StyledParagraph(string text, string styleId) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = styleId }), new Run(new WordText(text)));

    private static TableCell Cell(string text) => new(new Paragraph(new Run(new WordText(text))));

    private static void AddEntry(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    private static byte[] ReplaceDocumentXml(byte[] docx, Func<string, string> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(docx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("word/document.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open())) xml = reader.ReadToEnd();
            entry.Delete();
            AddEntry(zip, "word/document.xml", edit(xml));
        }
        return stream.ToArray();
    }
}
