using System.Text;
using KnowledgeBase.Ingestion.Parsing;
using static KnowledgeBase.Tests.Parsing.ParsingFixtures;

namespace KnowledgeBase.Tests.Parsing;

public sealed class TextDocumentParserTests
{
    private const string Simplified =
        "2019年政府工作报告\n\n各位代表：现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\r\n" +
        "过去一年，我国发展面临多年少有的国内外复杂严峻形势，经济出现新的下行压力。各地区各部门以习近平新时代中国特色社会主义思想为指导，" +
        "全面贯彻党的十九大精神，坚持稳中求进工作总基调，推动高质量发展，保持经济运行在合理区间，实现社会大局稳定。";

    private const string Traditional =
        "政府工作報告\n\n各位代表：現在，我代表國務院，向大會報告政府工作，請予審議，並請全國政協委員提出意見。\n" +
        "過去一年，我國發展面臨多年少有的國內外複雜嚴峻形勢，經濟出現新的下行壓力。各地區各部門堅持穩中求進工作總基調，" +
        "推動高質量發展，保持經濟運行在合理區間，實現社會大局穩定，人民生活持續改善，對外開放邁出新步伐。";

    private readonly PlainTextDocumentParser _text = new();
    private readonly MarkdownDocumentParser _markdown = new();

    static TextDocumentParserTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [InlineData("GB18030", Simplified)]
    [InlineData("big5", Traditional)]
    [InlineData("utf-8", Simplified)]
    [InlineData("utf-16", Simplified)]
    [InlineData("utf-16BE", Traditional)]
    public void Text_in_common_Chinese_encodings_decodes(string encodingName, string original)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(original)).ToArray();

        var document = Parse(_text, bytes, "report.txt");

        var expected = original.ReplaceLineEndings("\n");
        Assert.Equal(expected.Replace("\n\n", "\n"), document.Pages.Single().Text);
        Assert.Equal(expected[..expected.IndexOf('\n')], document.Title);
    }

    [Fact]
    public void Gbk_file_without_any_declaration_decodes()
    {
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(Simplified);
        Assert.Equal(FileFormat.PlainText, FormatSniffer.Detect(bytes, "report.txt"));
        Assert.Contains("坚持稳中求进工作总基调", Parse(_text, bytes).Pages.Single().Text);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public void Utf16_without_a_byte_order_mark_decodes(string encodingName)
    {
        var bytes = Encoding.GetEncoding(encodingName).GetBytes(Simplified);
        Assert.Equal(FileFormat.PlainText, FormatSniffer.Detect(bytes, "report.txt"));
        Assert.Contains("坚持稳中求进工作总基调", Parse(_text, bytes).Pages.Single().Text);
    }

    [Fact]
    public void Sample_gbk_report_decodes()
    {
        var document = Parse(_text, File.ReadAllBytes(SharedFile("gov-work-report-2019-gbk.txt")));
        Assert.Equal("2019年中华人民共和国国务院政府工作报告", document.Title);
        Assert.Contains("各位代表", document.Pages.Single().Text);
        Assert.DoesNotContain('\uFFFD', document.Pages.Single().Text);
    }

    [Fact]
    public void Web_page_saved_as_text_keeps_its_lines_and_gets_no_made_up_title()
    {
        var document = Parse(_text, File.ReadAllBytes(SharedFile("chongzuo-cppcc-consultation-2024-08-08.txt")));
        var text = document.Pages.Single().Text;
        Assert.Contains("沿边产业园区", text);
        Assert.Contains("当前位置", text); // a TXT is taken as written
        Assert.Null(document.Title);
    }

    [Fact]
    public void Markdown_regulation_gives_headings_and_plain_text()
    {
        var document = Parse(_markdown, Read("shanghai-port-services-regulation-2020-05-14.md"));
        var text = document.Pages.Single().Text;

        Assert.Equal("上海口岸服务条例", document.Title);
        Assert.Contains(document.Headings, h => h.Text == "第一章  总则" && h.Level == 2);
        Assert.All(document.Headings, h => Assert.Equal(h.Text, text.Substring(h.Offset, h.Text.Length)));
        Assert.StartsWith("上海口岸服务条例\n2011年11月17日", text);
        Assert.DoesNotContain("#", text);
        Assert.DoesNotContain("INFO END", text);
        Assert.Contains("第一条 为了规范口岸开放，提高口岸通关效率", text);
    }

    [Fact]
    public void Markdown_markup_is_reduced_to_words()
    {
        const string markdown = """
            ---
            title: "沿边产业园区政策汇编"
            ---
            Intro with **bold** and `code`, a [国务院文件](http://www.gov.cn/zhengce/1.htm) and ![示意图](img/map.png).

            | 园区 | 面积 |
            |---|---|
            | 凭祥 | 12 |

            - 第一项
            > 引用
            """;

        var document = Parse(_markdown, Encoding.UTF8.GetBytes(markdown), "notes.md");

        Assert.Equal("沿边产业园区政策汇编", document.Title);
        Assert.Equal("Intro with bold and code, a 国务院文件 and 示意图.\n园区\t面积\n凭祥\t12\n第一项\n引用", document.Pages.Single().Text);
    }
}
