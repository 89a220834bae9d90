using KnowledgeBase.Ingestion.Metadata;

namespace KnowledgeBase.Tests.MetadataReading;

public sealed class IssuingBodyFinderTests
{
    [Fact]
    public void Every_rule_reads_its_example()
    {
        foreach (var rule in IssuingBodyFinder.Rules)
        {
            var body = IssuingBodyFinder.Apply(rule, rule.Example);
            Assert.True(body is { Length: >= 2 }, $"rule {rule.Name} reads no body from its example {rule.Example}");
        }
    }

    [Theory]
    [InlineData("国务院关于印发国家职业教育改革实施方案的通知", "国务院")]
    [InlineData("国务院办公厅关于加强三级公立医院绩效考核工作的意见", "国务院办公厅")]
    [InlineData("国务院办公厅转发国家地震局关于我国地震重点监视防御区的确定的通知", "国务院办公厅")]
    [InlineData("国务院办公厅对全国政协十届四次会议第4626号提案的答复", "国务院办公厅")]
    [InlineData("国务院办公厅、中央军委办公厅关于加强对侵华日军遗弃化学武器调查和管理工作的通知", "国务院办公厅、中央军委办公厅")]
    [InlineData("国务院、中央军委关于同意武警总部后勤部机关等迁址新建的批复", "国务院、中央军委")]
    [InlineData("2025年中华人民共和国国务院政府工作报告", "国务院")]
    public void The_body_that_opens_an_official_title(string title, string expected) =>
        Assert.Equal(expected, IssuingBodyFinder.Find(new DocumentHead(title, "", "", "a.html"), null));

    [Theory]
    [InlineData("北京市乡村振兴促进条例\n2024年5月31日 北京市第十六届人民代表大会常务委员会第十次会议通过", "北京市人民代表大会常务委员会")]
    [InlineData("2021年4月29日第十三届全国人民代表大会常务委员会第二十八次会议通过", "全国人民代表大会常务委员会")]
    [InlineData("2019年10月8日国务院第66次常务会议通过", "国务院")]
    [InlineData("发文机关： 国务院办公厅、中央军委办公厅 成文日期：1996年6月29日", "国务院办公厅、中央军委办公厅")]
    [InlineData("发证机关某某省住房和城乡建设厅发证日期2020年10月9日", "某某省住房和城乡建设厅")]
    [InlineData("路桥区卫生局文件\n路卫发〔2011〕76号\n关于同意张阿三同志辞职的批复", "路桥区卫生局")]
    [InlineData("文/海关总署\n勇立潮头真抓实干", "海关总署")]
    [InlineData("NB/T XXXXX—XXXX\n20XX - XX - XX发布\n国家能源局\u2002\u2002\u2002发布", "国家能源局")]
    [InlineData("凝聚改革共识\n2024-08-08 | 来源:广西政协报", "广西政协报")]
    public void The_body_the_head_names(string head, string expected) =>
        Assert.Equal(expected, IssuingBodyFinder.Find(new DocumentHead(null, head, "", "a.txt"), null));

    [Fact]
    public void A_document_number_prefix_names_its_body_before_a_red_header()
    {
        var head = new DocumentHead("关于……的通知", "某某文件\n国办发〔2019〕6号\n关于……的通知", "", "a.ofd");
        var number = DocumentNumber.Find(head);
        Assert.Equal(new DocumentNumber("国办发", 2019, 6), number);
        Assert.Equal("国务院办公厅", IssuingBodyFinder.Find(head, number));
    }

    [Theory]
    // A chart's 资料来源 is no source of the document.
    [InlineData("图1：营收\n资料来源：德邦研究所，聚源数据")]
    // A body cited in running text issued another document.
    [InlineData("根据国务院关于……的决定，结合本市实际，制定本条例。")]
    public void Bodies_mentioned_in_passing_are_not_taken(string head) =>
        Assert.Null(IssuingBodyFinder.Find(new DocumentHead(null, head, "", "a.txt"), null));

    [Theory]
    [InlineData("国发〔2019〕4号", "国发", 2019, 4, "国务院")]
    [InlineData("国办函[2004]57号", "国办函", 2004, 57, "国务院办公厅")]
    [InlineData("国函（2018）159号", "国函", 2018, 159, "国务院")]
    [InlineData("国令第707号", "国令", null, 707, "国务院")]
    [InlineData("路卫发〔2011〕76号", "路卫发", 2011, 76, null)]
    public void Document_numbers_are_read_with_the_body_their_prefix_stands_for(string text, string prefix, int? year, int serial, string? body)
    {
        var number = DocumentNumber.Parse(text);
        Assert.Equal(new DocumentNumber(prefix, year, serial), number);
        Assert.Equal(body, DocumentNumberPrefixes.BodyOf(number!));
    }

    [Fact]
    public void A_number_cited_in_the_text_is_not_the_documents_own()
    {
        var head = new DocumentHead(null, "根据《浙江省专业技术人员和管理人员辞职暂行办法》（浙人才〔1993〕73号）文件精神，同意辞职。", "", "a.ofd");
        Assert.Null(DocumentNumber.Find(head));
    }
}
