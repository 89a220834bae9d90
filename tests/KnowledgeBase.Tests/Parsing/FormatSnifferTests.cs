using System.IO.Compression;
using System.Text;
using KnowledgeBase.Ingestion.Parsing;
using static KnowledgeBase.Tests.Parsing.ParsingFixtures;

namespace KnowledgeBase.Tests.Parsing;

public sealed class FormatSnifferTests
{
    [Fact]
    public void Pdf_named_txt_is_sniffed_and_read_as_pdf()
    {
        var pdf = Read("helloworld_bad_xref.pdf");
        Assert.Equal(FileFormat.Pdf, FormatSniffer.Detect(pdf, "notes.txt"));
        Assert.Contains("Hello, world!", AllText(new PdfDocumentParser().Parse(pdf, "notes.txt", TestContext.Current.CancellationToken)));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, "scan.pdf", "PNG image")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46 }, "photo.txt", "JPEG image")]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0 }, "report.pdf", "Windows executable")]
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0 }, "report.docx", "ELF executable")]
    public void Binary_files_are_refused_whatever_their_name(byte[] head, string name, string expected)
    {
        var content = head.Concat(new byte[200]).ToArray();
        Assert.Equal(FileFormat.Unknown, FormatSniffer.Detect(content, name));
        Assert.Contains(expected, FormatSniffer.DescribeUnsupported(content, name));
    }

    [Theory]
    [InlineData("xl/workbook.xml", FileFormat.Xlsx)]
    [InlineData("ppt/presentation.xml", FileFormat.Pptx)]
    [InlineData("OFD.xml", FileFormat.Ofd)]
    [InlineData("photos/a.jpg", FileFormat.Unknown)]
    public void Zip_packages_are_told_apart_by_their_parts_not_their_names(string part, FileFormat expected)
    {
        Assert.Equal(expected, FormatSniffer.Detect(Zip((part, "<x/>")), "table.docx"));
    }

    [Fact]
    public void OpenDocument_text_is_known_by_its_mimetype_and_other_OpenDocument_files_are_refused_with_a_reason()
    {
        Assert.Equal(FileFormat.Odt, FormatSniffer.Detect(Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")), "a.zip"));
        var sheet = Zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>"));
        Assert.Equal(FileFormat.Unknown, FormatSniffer.Detect(sheet, "a.ods"));
        Assert.Contains(".ods", FormatSniffer.DescribeUnsupported(sheet, "a.ods"));
    }

    [Fact]
    public void Rtf_and_ofd_files_are_recognised_by_content()
    {
        Assert.Equal(FileFormat.Rtf, FormatSniffer.Detect(Encoding.ASCII.GetBytes(@"{\rtf1\ansi hello}"), "note.txt"));
        Assert.Equal(FileFormat.Ofd, FormatSniffer.Detect(Read("namespace_no_prefix.ofd"), "paper.zip"));
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal).Open());
                writer.Write(text);
            }
        return stream.ToArray();
    }

    [Fact]
    public void Word_html_markdown_and_text_are_told_apart()
    {
        Assert.Equal(FileFormat.Docx, FormatSniffer.Detect(Read("nb-psr-guide-part1-draft.docx"), "x.bin"));
        Assert.Equal(FileFormat.Html, FormatSniffer.Detect(Read("SC01_GF20195.html"), "x.txt"));
        Assert.Equal(FileFormat.Markdown, FormatSniffer.Detect(Read("shanghai-port-services-regulation-2020-05-14.md"), "x.md"));
        Assert.Equal(FileFormat.PlainText, FormatSniffer.Detect(Encoding.Unicode.GetBytes("无标记的UTF-16文本"), "x.txt"));
    }
}
