using System.Text;
using KnowledgeBase.Ingestion.Parsing;
using static KnowledgeBase.Tests.Parsing.ParsingFixtures;

namespace KnowledgeBase.Tests.Parsing;

/// <summary>
/// PDFs whose text is not where a reader of page text looks (form fields), and hostile structures: every one is read or
/// refused with its true reason, and none takes the process down.
/// </summary>
public sealed class PdfStructureTests
{
    private readonly PdfDocumentParser _parser = new();

    private const string Text = "BT /F1 12 Tf 72 700 Td (Border park land supply report) Tj ET";
    private const string Font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

    private static string Stream(string data, string dictionary = "") => $"<< /Length {Encoding.ASCII.GetByteCount(data)} {dictionary} >>\nstream\n{data}\nendstream";

    /// <summary>One page drawing <see cref="Text"/>, with extra entries in its dictionary and its content around the text.</summary>
    private static byte[] OnePage(string pageEntries = "", string content = Text) => RawPdf(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R {pageEntries} >>",
        Stream(content),
        Font);

    /// <summary>A page that draws drawing 1, which draws drawing 2, … down to the one that draws the text.</summary>
    private static byte[] NestedDrawings(int depth)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> /Contents 4 0 R >>",
            Stream("/X Do"),
            Font,
        };
        for (var i = 0; i < depth; i++)
        {
            var last = i == depth - 1;
            var resources = last ? "<< /Font << /F1 5 0 R >> >>" : $"<< /Font << /F1 5 0 R >> /XObject << /X {7 + i} 0 R >> >>";
            objects.Add(Stream(last ? Text : "/X Do", $"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources {resources}"));
        }
        return RawPdf([.. objects]);
    }

    [Fact]
    public void Permission_only_encrypted_pdf_is_read_with_the_text_of_its_form()
    {
        // AES-256 with an empty user password and no print/copy permission; its only words are a button's caption.
        var document = Parse(_parser, Read("aes256_no_print_no_copy.pdf"));
        Assert.Contains("Security Handler", AllText(document));
    }

    [Fact]
    public void Filled_in_form_fields_are_read_and_hidden_ones_are_not()
    {
        var form = RawPdf(
            "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R 7 0 R 8 0 R] >> >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots [6 0 R 7 0 R 8 0 R] >>",
            Stream(Text),
            Font,
            "<< /Type /Annot /Subtype /Widget /FT /Tx /T (applicant) /V (Chongzuo border trade office) /Rect [72 600 300 620] /P 3 0 R /F 4 >>",
            "<< /Type /Annot /Subtype /Widget /FT /Tx /T (note) /V (hidden reviewer remark) /Rect [72 560 300 580] /P 3 0 R /F 2 >>",
            "<< /Type /Annot /Subtype /Widget /FT /Btn /Ff 65536 /T (submit) /MK << /CA (Submit application) >> /Rect [72 520 200 540] /P 3 0 R /F 4 >>");

        var text = AllText(Parse(_parser, form));
        Assert.Contains("Border park land supply report", text);
        Assert.Contains("Chongzuo border trade office", text);
        Assert.Contains("Submit application", text);
        Assert.DoesNotContain("hidden reviewer remark", text);
    }

    public static TheoryData<string, string> NestedObjects => new()
    {
        { "arrays in the page dictionary", "/Junk " + new string('[', 300) + new string(']', 300) },
        { "dictionaries in the page dictionary", "/Junk " + string.Concat(Enumerable.Repeat("<< /A ", 300)) + "1" + string.Concat(Enumerable.Repeat(" >>", 300)) },
    };

    [Theory]
    [MemberData(nameof(NestedObjects))]
    public void Objects_nested_past_the_limit_are_reported_as_such_not_as_pages_without_text(string what, string entries)
    {
        var error = Assert.Throws<UnreadableDocumentException>(() => Parse(_parser, OnePage(entries)));
        Assert.True(error.Kind == FailureKind.Corrupt, what);
        Assert.Contains("nested too deeply", error.Message);
    }

    [Fact]
    public void Arrays_nested_past_the_limit_in_the_content_are_reported_as_such()
    {
        var content = new string('[', 300) + new string(']', 300) + " pop " + Text;
        var error = Assert.Throws<UnreadableDocumentException>(() => Parse(_parser, OnePage(content: content)));
        Assert.Equal(FailureKind.Corrupt, error.Kind);
        Assert.Contains("nested too deeply", error.Message);
    }

    /// <summary>150 levels, past the limit of 100; 4,000 levels overflowed the stack while drawing the page.</summary>
    [Fact]
    public void Drawings_nested_past_the_limit_are_refused_before_a_page_is_drawn()
    {
        var error = Assert.Throws<UnreadableDocumentException>(() => Parse(_parser, NestedDrawings(150)));
        Assert.Equal(FailureKind.Unsafe, error.Kind);
        Assert.Contains("nested too deeply", error.Message);
    }

    [Fact]
    public void Drawings_nested_a_few_levels_and_a_drawing_that_draws_itself_are_read()
    {
        Assert.Contains("Border park land supply report", AllText(Parse(_parser, NestedDrawings(20))));

        var selfDrawing = RawPdf(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> /Contents 4 0 R >>",
            Stream(Text + " /X Do"),
            Font,
            Stream("/X Do", "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >>"));
        Assert.Contains("Border park land supply report", AllText(Parse(_parser, selfDrawing)));
    }

    /// <summary>
    /// PdfPig walks the page tree recursively as it opens a file; on a thread-pool thread a tree this deep overflowed the
    /// stack, which ends the process (this test run with it) rather than throwing.
    /// </summary>
    [Fact]
    public void A_page_tree_60000_levels_deep_is_read_without_overflowing_the_stack()
    {
        const int depth = 60_000;
        var objects = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>" };
        for (var i = 0; i < depth; i++)
        {
            var number = 2 + i;
            objects.Add($"<< /Type /Pages /Kids [{number + 1} 0 R] /Count 1 {(i == 0 ? "" : $"/Parent {number - 1} 0 R")} >>");
        }
        var leaf = 2 + depth;
        objects.Add($"<< /Type /Page /Parent {leaf - 1} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 {leaf + 2} 0 R >> >> /Contents {leaf + 1} 0 R >>");
        objects.Add(Stream(Text));
        objects.Add(Font);

        var document = Parse(_parser, RawPdf([.. objects]));
        Assert.Contains("Border park land supply report", AllText(document));
    }
}
