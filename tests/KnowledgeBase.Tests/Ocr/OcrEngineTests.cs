using KnowledgeBase.Configuration;
using KnowledgeBase.Ingestion.Ocr;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Ocr;
using KnowledgeBase.Ocr.Imaging;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Ocr;

/// <summary>The real PP-OCRv4 models on ONNX Runtime reading page images whose text is known.</summary>
[Trait("Category", "Slow")]
public sealed class OcrEngineTests(OcrFixtures.Engine engine) : IClassFixture<OcrFixtures.Engine>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Vertical_columns_are_read_top_to_bottom_and_right_to_left()
    {
        var image = ImageDecoder.TryDecode(OcrFixtures.Read("vertical-columns.png"))!;
        var page = engine.Value.Read(image, Ct);

        var lines = page.Lines.ToList();
        Assert.All(lines, l => Assert.True(l.Vertical, $"'{l.Text}' was not read as a vertical column"));
        Assert.Equal(OcrFixtures.Text("vertical-columns.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries), lines.Select(l => l.Text));
    }

    [Fact]
    public void A_two_column_scan_is_read_column_by_column_with_the_known_text()
    {
        var images = new PdfPageImageProvider(Options.Create(new OcrOptions()))
            .Open(OcrFixtures.Read("scan-two-columns.pdf"), "scan-two-columns.pdf");
        using (images)
        {
            var image = images.Load(new OcrRequest(1, OcrReason.NoText, PageImageKind.Embedded), Ct);
            Assert.NotNull(image.Image);
            Assert.Contains("8 embedded images", image.Origin);

            var page = OcrTextAssembler.Assemble(1, engine.Value.Read(image.Image!, Ct));
            var expected = OcrFixtures.Text("scan-two-columns.txt").Split('\f')[0];
            var cer = OcrFixtures.CharacterErrorRate(expected, page.Text);
            Assert.True(cer <= 0.02, $"CER {cer:P2}:\n{page.Text}");
            // Column by column: the whole left column comes before the right one.
            Assert.True(page.Text.IndexOf("制约了项目落地的速度", StringComparison.Ordinal) < page.Text.IndexOf("建议在国家层面统筹安排", StringComparison.Ordinal), page.Text);
            Assert.StartsWith("沿边产业园区建设调研报告", page.Text, StringComparison.Ordinal);
            Assert.All(page.Ocr!, span => Assert.InRange(span.Confidence, 0.5, 1.0));
        }
    }

    [Fact]
    public void A_page_scanned_upside_down_is_turned_and_read_in_order()
    {
        var upright = engine.Value.Read(ImageDecoder.TryDecode(PageTwoPng())!, Ct);
        var turned = engine.Value.Read(ImageDecoder.TryDecode(PageTwoPng())!.Rotate180(), Ct);

        Assert.False(upright.UpsideDown);
        Assert.True(turned.UpsideDown);
        var text = string.Join("\n", turned.Lines.Select(l => l.Text));
        // The same characters in the same order; a turned crop is not the upright one pixel for pixel, and a faint
        // mark such as a line-final 。 may be read in one and not the other.
        Assert.Equal(OcrFixtures.Countable(string.Join("\n", upright.Lines.Select(l => l.Text))), OcrFixtures.Countable(text));
        Assert.Equal(upright.Lines.Count(), turned.Lines.Count());
        Assert.Contains("边境口岸物流枢纽年吞吐量达到一千二百万吨", text);
    }

    [Fact]
    public void Lines_the_narrowed_reading_is_unsure_of_are_read_again_at_full_width()
    {
        var image = ImageDecoder.TryDecode(PageTwoPng())!;
        string Read(OcrEngineOptions options)
        {
            using var reader = new OcrEngine(OcrModelFiles.Default, options);
            return string.Join("\n", reader.Read(image, Ct).Lines.Select(l => l.Text));
        }

        // Crops squeezed to a quarter of their width read badly; re-reading every line (threshold above any
        // confidence) at full width gives exactly the full-width reading, re-reading none keeps the bad one.
        var fullWidth = Read(new OcrEngineOptions { RecognitionWidthScale = 1.0 });
        var squeezed = Read(new OcrEngineOptions { RecognitionWidthScale = 0.25, FullWidthBelowConfidence = 0 });
        var reread = Read(new OcrEngineOptions { RecognitionWidthScale = 0.25, FullWidthBelowConfidence = 1.01 });

        Assert.NotEqual(fullWidth, squeezed);
        Assert.Equal(fullWidth, reread);
    }

    /// <summary>Page 2 of the two-column fixture (one JPEG) as PNG bytes.</summary>
    private static byte[] PageTwoPng()
    {
        using var images = new PdfPageImageProvider(Options.Create(new OcrOptions()))
            .Open(OcrFixtures.Read("scan-two-columns.pdf"), "scan-two-columns.pdf");
        return images.Load(new OcrRequest(2, OcrReason.NoText, PageImageKind.Embedded), TestContext.Current.CancellationToken).Image!.EncodePng();
    }
}
