using System.Text.RegularExpressions;
using KnowledgeBase.Configuration;
using KnowledgeBase.Ingestion.Parsing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static KnowledgeBase.Tests.Parsing.ParsingFixtures;

namespace KnowledgeBase.Tests.Parsing;

public sealed partial class PdfDocumentParserTests
{
    private readonly PdfDocumentParser _parser = new();

    [Fact]
    public void Chinese_paper_is_read_without_spaces_between_Han_characters()
    {
        var document = Parse(_parser, Read("jap_1994_civil_aeroengine_condition_monitoring.pdf"));

        Assert.Equal(6, document.Pages.Count);
        var text = AllText(document);
        Assert.DoesNotMatch(HanSpaceHan(), text);
        // A sentence that wraps over two lines in the PDF comes out whole.
        Assert.Contains("发动机故障在飞行故障中占有相当大的比例,是影响飞行安全的主要因素", text);
        Assert.Contains("经验证明:发动机状态监视和故障诊断系统能显著提高发动机运行可靠性", text);
        Assert.Equal("民用航空发动机状态监视和故障诊断系统研究", document.Title);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void The_same_PDF_always_reads_to_the_same_text()
    {
        // The table pages of this paper came out with their cells in a different order from run to run while PdfPig's
        // layout steps ran their own parallel loops inside ours; a re-ingest must not change passages or offsets.
        var bytes = Read("iop_ees_2021_germinated_wheat_supplement.pdf");
        var first = Parse(_parser, bytes).Pages.Select(p => p.Text).ToList();
        for (var run = 0; run < 6; run++)
            Assert.Equal(first, Parse(_parser, bytes).Pages.Select(p => p.Text));
    }

    [Fact]
    public void Running_headers_and_page_numbers_of_the_journal_are_dropped()
    {
        var document = Parse(_parser, Read("jap_1994_civil_aeroengine_condition_monitoring.pdf"));

        // Even pages carry the journal name and volume, odd pages the article title, each with the page number.
        foreach (var page in document.Pages.Skip(1))
        {
            Assert.DoesNotContain("航空动力学报第9卷", page.Text);
            Assert.DoesNotContain("第4期民用航空发动机状态监视和故障诊断系统研究", page.Text);
            Assert.DoesNotMatch(@"(?m)^\d{3}$", page.Text);
        }
        // The title itself on page 1 is content, not a running header.
        Assert.Contains("民用航空发动机状态监视和故障诊断系统研究", document.Pages[0].Text);
    }

    [Fact]
    public void English_paper_keeps_words_and_drops_its_running_header()
    {
        var document = Parse(_parser, Read("iop_ees_2021_germinated_wheat_supplement.pdf"));

        Assert.Equal("A comprehensive nutritional supplement made from germinated wheat to enrich drinks", document.Title);
        var text = AllText(document);
        Assert.Contains("The formation of a healthy type of nutrition for the population requires the production of new enriched,", text);
        foreach (var page in document.Pages.Skip(1))
        {
            Assert.DoesNotContain("IOP Conf. Series: Earth and Environmental Science 640 (2021) 022090", page.Text);
            Assert.DoesNotContain("doi:10.1088/1755-1315/640/2/022090", page.Text);
        }
    }

    [Theory]
    [InlineData("en_user_password__password.pdf")]
    [InlineData("aes256_r6_unicode_password.pdf")]
    public void Pdf_that_needs_a_password_is_refused_as_encrypted(string file)
    {
        var error = Assert.Throws<UnreadableDocumentException>(() => Parse(_parser, Read(file)));
        Assert.Equal(FailureKind.Encrypted, error.Kind);
        Assert.Contains("encrypted PDF", error.Message);
    }

    [Fact]
    public void Pdf_with_only_owner_restrictions_is_read()
    {
        var document = Parse(_parser, Read("en_owner_password_copy_protected_aes.pdf"));
        Assert.Contains("LayoutParser", AllText(document));
    }

    [Fact]
    public void Pdf_with_a_broken_cross_reference_table_is_recovered()
    {
        var document = Parse(_parser, Read("helloworld_bad_xref.pdf"));
        Assert.Contains("Hello, world!", AllText(document));
    }

    [Fact]
    public void Damaged_pdf_is_recovered_or_refused_as_corrupt_never_crashes()
    {
        try
        {
            var document = Parse(_parser, Read("xref_command_missing.pdf"));
            Assert.NotEmpty(document.Pages);
        }
        catch (UnreadableDocumentException e)
        {
            Assert.Equal(FailureKind.Corrupt, e.Kind);
        }
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.02)]
    public void Truncated_pdf_is_corrupt_with_a_reason(double keep)
    {
        var whole = Read("iop_ees_2021_germinated_wheat_supplement.pdf");
        var truncated = whole[..(int)(whole.Length * keep)];

        try
        {
            // Lenient parsing may rebuild the object table from what is left; then the surviving pages must hold text.
            var document = Parse(_parser, truncated);
            Assert.Contains(document.Pages, p => p.Text.Length > 0);
        }
        catch (UnreadableDocumentException e)
        {
            Assert.Equal(FailureKind.Corrupt, e.Kind);
            Assert.StartsWith("corrupt", e.Message);
        }
    }

    [Fact]
    public void Garbage_after_a_pdf_header_is_corrupt()
    {
        var bytes = "%PDF-1.7\n"u8.ToArray().Concat(Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251))).ToArray();
        var error = Assert.Throws<UnreadableDocumentException>(() => Parse(_parser, bytes));
        Assert.Equal(FailureKind.Corrupt, error.Kind);
    }

    [Fact]
    public void Page_tree_that_loops_back_to_its_root_fails_clearly()
    {
        var loop = RawPdf(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>");

        var error = Assert.Throws<UnreadableDocumentException>(() => Parse(_parser, loop));
        Assert.Equal(FailureKind.Corrupt, error.Kind);
        Assert.Contains("page tree", error.Message);
    }

    [Fact]
    public void Page_tree_node_that_lists_itself_does_not_hang()
    {
        var selfReference = RawPdf(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");

        try
        {
            var document = Parse(_parser, selfReference);
            Assert.True(document.Pages.Count <= 2);
        }
        catch (UnreadableDocumentException e)
        {
            Assert.Equal(FailureKind.Corrupt, e.Kind);
        }
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Pdf_of_2000_pages_has_text_on_every_page_without_running_lines()
    {
        var document = Parse(_parser, LongReport(2000));

        Assert.Equal(2000, document.Pages.Count);
        Assert.All(document.Pages, page =>
        {
            Assert.StartsWith($"Body of page {page.Number} on land supply", page.Text);
            Assert.DoesNotContain("Annual Report on Border Industrial Parks", page.Text);
            Assert.DoesNotContain($"- {page.Number} -", page.Text);
        });
    }

    [Fact]
    public void Pages_beyond_the_limit_are_not_read()
    {
        var parser = new PdfDocumentParser(Options.Create(new IngestOptions { MaxPages = 5 }), NullLogger<PdfDocumentParser>.Instance);
        var document = Parse(parser, LongReport(12));
        Assert.Equal([1, 2, 3, 4, 5], document.Pages.Select(p => p.Number));
    }

    [Fact]
    public void Cancellation_is_honoured_between_pages()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => _parser.Parse(LongReport(3), "report.pdf", cancelled.Token));
    }

    [Fact]
    public void Pages_without_a_text_layer_come_out_empty()
    {
        var document = Parse(_parser, BlankPdf(3));
        Assert.Equal(3, document.Pages.Count);
        Assert.All(document.Pages, p => Assert.Equal("", p.Text));
    }

    [Fact]
    public void Hyphenated_line_ends_are_rejoined_in_generated_pdf()
    {
        var document = Parse(_parser, SimplePdf("Search engines index every informa-", "tion source they can reach."));
        Assert.Contains("every information source", document.Pages[0].Text);
    }

    [Fact]
    public void Shared_corpus_pdfs_read_with_text_and_scans_come_out_empty()
    {
        foreach (var file in new[] { "pdf-zh/thuthesis_v5.5.1_example.pdf", "pdf-en/inflammopharmacology_2007_azd3582.pdf" })
        {
            var document = Parse(_parser, File.ReadAllBytes(SharedFile(file)));
            Assert.True(document.Pages.Count(p => p.Text.Length > 200) > document.Pages.Count / 2, file);
        }
        var scanned = Parse(_parser, File.ReadAllBytes(SharedFile("tricky/scanned/zh_scanned_8pages_mineru_small_ocr.pdf")));
        Assert.All(scanned.Pages, p => Assert.Equal("", p.Text));
    }

    [GeneratedRegex(@"[\u4E00-\u9FFF][ \t]+[\u4E00-\u9FFF]")]
    private static partial Regex HanSpaceHan();
}
