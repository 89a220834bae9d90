using KnowledgeBase.Ingestion.Ocr;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Ingestion.Pipeline;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Ocr;

/// <summary>
/// Scanned and garbled PDFs through the real ingest pipeline into a fresh embedded store, then found by search with
/// the page their text is on and the OCR mark.
/// </summary>
[Trait("Category", "Slow")]
public sealed class OcrIngestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(ServiceProvider Services, IngestOutcome Outcome)> IngestAsync(string fixture, IDictionary<string, string?>? settings = null)
    {
        var services = TestServices.Create(TestServices.TempDirectory(), settings);
        var inbox = TestServices.TempDirectory();
        var path = Path.Combine(inbox, fixture);
        File.Copy(OcrFixtures.Path(fixture), path);
        var outcome = await services.GetRequiredService<IngestPipeline>().IngestFileAsync(path, cancellationToken: Ct);
        return (services, outcome);
    }

    private static async Task<IReadOnlyList<SearchHit>> SearchAsync(ServiceProvider services, string query) =>
        (await services.GetRequiredService<SearchService>().SearchAsync(new SearchRequest(query, new SearchFilter(AccessScope.Everything), 5), Ct)).Results;

    /// <summary>
    /// The page time limit is a guard against pathological pages, measured in wall-clock time; a test run beside
    /// others on two loaded cores can take minutes over a page that costs seconds. Tests that assert what was read
    /// lift it, so their outcome never depends on the machine's load, and assert that no page was abandoned.
    /// </summary>
    private static readonly Dictionary<string, string?> NoPageTimeLimit = new() { ["KnowledgeBase:Ocr:PageTimeout"] = "01:00:00" };

    [Fact]
    public async Task Text_that_exists_only_in_a_scans_image_is_found_on_its_page_and_marked_as_recognised()
    {
        var (services, outcome) = await IngestAsync("scan-two-columns.pdf", NoPageTimeLimit);
        await using var _ = services;
        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.Equal(2, outcome.Pages);
        Assert.Empty(outcome.PageProblems);

        var hit = (await SearchAsync(services, "边境口岸物流枢纽年吞吐量"))[0];
        Assert.Contains("边境口岸物流枢纽年吞吐量达到一千二百万吨", hit.Passage);
        Assert.True(hit.Ocr);
        Assert.InRange(hit.OcrConfidence!.Value, 0.8, 1.0);
        // The sentence is on page 2: the passage covers it, and the match lies in the passage's page-2 part.
        Assert.InRange(2, hit.Page, hit.PageEnd);
        var store = services.GetRequiredService<IKnowledgeStore>();
        var passage = (await store.GetPassagesAsync(outcome.DocumentId!, AccessScope.Everything, Ct)).Single(p => p.Id == hit.PassageId);
        var beforePageTwo = hit.Page == 2 ? 0 : passage.Text.IndexOf(Passage.PageSeparator, StringComparison.Ordinal);
        Assert.True(hit.Passage.IndexOf("边境口岸物流枢纽", StringComparison.Ordinal) > beforePageTwo);

        // Page 1 (eight tiles) is searchable too, and the stored passages carry the mark the API shows.
        Assert.Equal(1, (await SearchAsync(services, "统筹安排土地要素保障"))[0].Page);
        var passages = await store.GetPassagesAsync(outcome.DocumentId!, AccessScope.Everything, Ct);
        Assert.All(passages, p => Assert.True(p.Ocr, $"passage {p.Id} is not marked as OCR"));
    }

    [Fact]
    public async Task A_page_whose_text_layer_is_mojibake_is_rendered_and_read()
    {
        Assert.SkipUnless(PdfRendererProbe.Available, "pdftoppm is not installed (Debian package poppler-utils)");
        var (services, outcome) = await IngestAsync("garbled-text-layer.pdf", NoPageTimeLimit);
        await using var _ = services;
        Assert.True(outcome.Status == IngestStatus.Ingested, $"{outcome.Status}: {outcome.Reason}");
        Assert.Empty(outcome.PageProblems);

        var hit = (await SearchAsync(services, "主任会议审议通过"))[0];
        Assert.Equal(1, hit.Page);
        Assert.True(hit.Ocr);
        Assert.Contains("会议纪要经主任会议审议通过", hit.Passage);
    }

    [Fact]
    public async Task A_stored_document_says_which_pages_were_left_without_text_and_why()
    {
        var settings = new Dictionary<string, string?>(NoPageTimeLimit) { ["KnowledgeBase:Ocr:MaxPagesPerDocument"] = "1" };
        var (services, outcome) = await IngestAsync("scan-two-columns.pdf", settings);
        await using var _ = services;

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        var problem = Assert.Single(outcome.PageProblems);
        Assert.Contains("KnowledgeBase:Ocr:MaxPagesPerDocument", problem);
        Assert.Equal(1, (await SearchAsync(services, "统筹安排土地要素保障"))[0].Page);
        var passages = await services.GetRequiredService<IKnowledgeStore>().GetPassagesAsync(outcome.DocumentId!, AccessScope.Everything, Ct);
        Assert.All(passages, p => Assert.DoesNotContain("边境口岸物流枢纽", p.Text));
    }
}

/// <summary>Tests of the renderer path and of the page time limit without recognition: fast.</summary>
public sealed class OcrRendererTests
{
    [Fact]
    public async Task Without_the_renderer_a_garbled_page_fails_with_the_package_to_install()
    {
        var services = TestServices.Create(TestServices.TempDirectory(), new Dictionary<string, string?> { ["KnowledgeBase:Ocr:Renderer"] = "/nonexistent/pdftoppm" });
        await using var _ = services;
        var inbox = TestServices.TempDirectory();
        var path = Path.Combine(inbox, "garbled-text-layer.pdf");
        File.Copy(OcrFixtures.Path("garbled-text-layer.pdf"), path);

        var outcome = await services.GetRequiredService<IngestPipeline>().IngestFileAsync(path, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(IngestStatus.Failed, outcome.Status);
        Assert.Contains("poppler-utils", outcome.Reason);
        Assert.Contains("/nonexistent/pdftoppm", outcome.Reason);
    }

    [Fact]
    public async Task A_page_that_runs_out_of_time_is_reported_with_the_setting_not_stored_empty()
    {
        // A limit shorter than decoding a page image: the limit is checked again before recognition starts, so every
        // page is abandoned whatever the machine's speed, and the document, left with no text, fails with the reason.
        var services = TestServices.Create(TestServices.TempDirectory(), new Dictionary<string, string?> { ["KnowledgeBase:Ocr:PageTimeout"] = "00:00:00.0000001" });
        await using var _ = services;
        var inbox = TestServices.TempDirectory();
        var path = Path.Combine(inbox, "scan-two-columns.pdf");
        File.Copy(OcrFixtures.Path("scan-two-columns.pdf"), path);

        var outcome = await services.GetRequiredService<IngestPipeline>().IngestFileAsync(path, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(IngestStatus.Failed, outcome.Status);
        Assert.Contains("page 1: recognition took longer than", outcome.Reason);
        Assert.Contains("KnowledgeBase:Ocr:PageTimeout", outcome.Reason);
    }

    [Fact]
    public void The_parser_asks_for_OCR_of_scanned_pages_from_their_images_and_of_garbled_pages_by_rendering()
    {
        var parser = new PdfDocumentParser();
        var scan = parser.Parse(OcrFixtures.Read("scan-two-columns.pdf"), "scan.pdf", TestContext.Current.CancellationToken);
        Assert.Equal([(1, OcrReason.NoText, PageImageKind.Embedded), (2, OcrReason.NoText, PageImageKind.Embedded)],
            scan.OcrRequests.Select(r => (r.Page, r.Reason, r.Image)));
        Assert.All(scan.Pages, p => Assert.Empty(p.Text));

        var garbled = parser.Parse(OcrFixtures.Read("garbled-text-layer.pdf"), "garbled.pdf", TestContext.Current.CancellationToken);
        var request = Assert.Single(garbled.OcrRequests);
        Assert.Equal((1, OcrReason.GarbageText, PageImageKind.Rendered), (request.Page, request.Reason, request.Image));
    }
}

/// <summary>Whether Debian's pdftoppm can be started here (tests that render skip with the package name otherwise).</summary>
internal static class PdfRendererProbe
{
    public static bool Available { get; } = System.IO.File.Exists("/usr/bin/pdftoppm") || PathHas("pdftoppm");

    private static bool PathHas(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));
}
