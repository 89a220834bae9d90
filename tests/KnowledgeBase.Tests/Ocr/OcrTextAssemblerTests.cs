using KnowledgeBase.Ingestion.Ocr;
using KnowledgeBase.Model;
using KnowledgeBase.Ocr;
using KnowledgeBase.Ocr.Geometry;

namespace KnowledgeBase.Tests.Ocr;

/// <summary>Recognised lines into page text with per-line confidence spans.</summary>
public sealed class OcrTextAssemblerTests
{
    private static OcrLine Line(string text, double confidence) =>
        new(text, confidence, new Quad(new PointD(0, 0), new PointD(10, 0), new PointD(10, 10), new PointD(0, 10)));

    [Theory]
    [InlineData("中 文 测试,见表1:(一)", "中文测试，见表1：（一）")]
    [InlineData("运行在 Chrome 浏览器上", "运行在Chrome浏览器上")]
    [InlineData("TLS 1.3, 1,000 bytes (ok)", "TLS 1.3, 1,000 bytes (ok)")]
    [InlineData("增长3.5%,达到1,200万吨", "增长3.5%，达到1,200万吨")]
    public void Ascii_punctuation_beside_Chinese_becomes_full_width_and_spaces_beside_Chinese_go(string line, string expected) =>
        Assert.Equal(expected, OcrTextAssembler.Normalise(line));

    [Fact]
    public void Paragraph_lines_join_and_each_keeps_its_confidence_span()
    {
        var page = new OcrPage(100, 100, [
            new OcrBlock([Line("第一段第一行", 0.9), Line("第一段第二行", 0.7)]),
            new OcrBlock([Line("Second paragraph", 0.5)]),
        ]);
        var assembled = OcrTextAssembler.Assemble(3, page);

        Assert.Equal("第一段第一行第一段第二行\nSecond paragraph", assembled.Text);
        Assert.Equal(3, assembled.Number);
        Assert.Equal([new OcrSpan(0, 6, 0.9), new OcrSpan(6, 12, 0.7), new OcrSpan(13, 29, 0.5)], assembled.Ocr);
        Assert.Equal(0.8, assembled.OcrConfidenceOf(3, 9)!.Value, 5);
        Assert.Null(assembled.OcrConfidenceOf(12, 13)); // the newline between paragraphs belongs to no line
    }
}
