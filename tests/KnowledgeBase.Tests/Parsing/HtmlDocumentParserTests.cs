using System.Text;
using KnowledgeBase.Ingestion.Parsing;
using static KnowledgeBase.Tests.Parsing.ParsingFixtures;

namespace KnowledgeBase.Tests.Parsing;

public sealed class HtmlDocumentParserTests
{
    private readonly HtmlDocumentParser _parser = new();

    static HtmlDocumentParserTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Gov_cn_policy_page_gives_the_document_without_site_furniture()
    {
        var document = Parse(_parser, Read("SC01_GF20195.html"));
        var text = document.Pages.Single().Text;

        Assert.Equal("国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见", document.Title);
        Assert.Equal(2019, document.Year);
        Assert.StartsWith("国务院关于在市场监管领域全面推行", text);
        Assert.Contains("国发〔2019〕5号", text);
        Assert.Contains("在市场监管领域全面推行“双随机、一公开”监管，是党中央、国务院作出的重大决策部署", text);
        Assert.EndsWith("（此件公开发布）", text);
        Assert.DoesNotContain("扫一扫", text);
        Assert.DoesNotContain("打印", text);
    }

    [Fact]
    public void Scripts_navigation_breadcrumbs_footer_and_inline_images_are_removed()
    {
        var image = "data:image/png;base64," + new string('A', 3_000_000);
        var html = $"""
            <!DOCTYPE html><html><head><title>沿边产业园区建设实施意见_崇左市人民政府网</title>
            <style>.x {"{"} color: red {"}"}</style><script>var tracking = "SCRIPT-TEXT";</script></head>
            <body>
            <div id="topnav"><a href="/">首页</a> <a href="/zw">政务公开</a> <a href="/zc">政策文件</a></div>
            <div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zc">政策文件</a> &gt; 正文</div>
            <div class="main">
              <h1>沿边产业园区建设实施意见</h1>
              <p>　　为加快沿边产业园区建设，现就土地要素保障
              提出如下意见。</p>
              <p><img src="{image}" alt="图"></p>
              <h2>一、总体要求</h2>
              <p>坚持招商引资与产业升级并重，推动中国—东盟合作。</p>
              <div class="share">分享到：微信 微博</div>
            </div>
            <footer>版权所有：崇左市人民政府 桂ICP备12345号</footer>
            </body></html>
            """;

        var document = Parse(_parser, Encoding.UTF8.GetBytes(html));
        var text = document.Pages.Single().Text;

        Assert.Equal("沿边产业园区建设实施意见\n为加快沿边产业园区建设，现就土地要素保障提出如下意见。\n一、总体要求\n坚持招商引资与产业升级并重，推动中国—东盟合作。", text);
        Assert.Equal("沿边产业园区建设实施意见", document.Title);
        Assert.Equal([("沿边产业园区建设实施意见", 1), ("一、总体要求", 2)], document.Headings.Select(h => (h.Text, h.Level)));
        Assert.All(document.Headings, h => Assert.Equal(h.Text, text.Substring(h.Offset, h.Text.Length)));
    }

    [Fact]
    public void Gbk_page_with_meta_charset_decodes()
    {
        var html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><title>政府工作报告_中国政府网</title></head>" +
                   "<body><div><p>各位代表：现在，我代表国务院，向大会报告政府工作，请予审议。</p></div></body></html>";
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(html);

        var document = Parse(_parser, bytes);

        Assert.Equal("政府工作报告", document.Title);
        Assert.Equal("各位代表：现在，我代表国务院，向大会报告政府工作，请予审议。", document.Pages.Single().Text);
    }

    [Fact]
    public void Sample_government_page_loses_its_breadcrumb_and_footer()
    {
        var document = Parse(_parser, File.ReadAllBytes(SharedFile("gov-work-report-2010.html")));
        var text = document.Pages.Single().Text;

        Assert.Equal("2010年中华人民共和国国务院政府工作报告", document.Title);
        Assert.StartsWith("2010年中华人民共和国国务院政府工作报告\n各位代表：", text);
        Assert.DoesNotContain("当前位置", text);
        Assert.DoesNotContain("版权所有", text);
        Assert.DoesNotContain("网站地图", text);
    }
}
