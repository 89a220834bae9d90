using KnowledgeBase.Ingestion.Metadata;

namespace KnowledgeBase.Tests.MetadataReading;

public sealed class IssueDateFinderTests
{
    private static DocumentHead Head(string head, string tail = "", string fileName = "doc.txt") => new(null, head, tail, fileName);

    [Theory]
    [InlineData("2024年5月31日", 2024, 5, 31)]
    [InlineData("2019年01月24日", 2019, 1, 24)]
    [InlineData("2024-08-08", 2024, 8, 8)]
    [InlineData("2019.1.24", 2019, 1, 24)]
    [InlineData("2019/1/24", 2019, 1, 24)]
    [InlineData("二〇一一年三月十日", 2011, 3, 10)]
    [InlineData("二○二四年十二月三十一日", 2024, 12, 31)]
    public void Written_dates_are_read(string text, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), WrittenDates.First(text));

    [Theory]
    [InlineData("2019年2月30日")]
    [InlineData("2019年13月1日")]
    [InlineData("1850年1月1日")]
    public void Impossible_dates_are_no_dates(string text) => Assert.Null(WrittenDates.First(text));

    [Fact]
    public void Every_rule_reads_its_example()
    {
        foreach (var rule in IssueDateFinder.Rules)
        {
            var example = rule.Example.Replace("\\n", "\n", StringComparison.Ordinal);
            var head = rule.Scope switch
            {
                DateScope.Head => Head(example),
                DateScope.Tail => Head("", tail: example),
                _ => Head("", fileName: example),
            };
            Assert.True(IssueDateFinder.Find(head) is not null, $"rule {rule.Name} finds no date in its example {rule.Example}");
        }
    }

    [Theory]
    // A labelled 成文日期 wins over the 发布日期 after it and over a date in the file name.
    [InlineData("发文机关： 国务院 成文日期： 2019年01月24日 发布日期： 2019年02月13日", "", "x(2020-01-01).html", "2019-01-24")]
    // A regulation: the latest of its adoption and revision lines is the version the text holds.
    [InlineData("上海口岸服务条例\n2011年11月17日 上海市第十三届人民代表大会常务委员会第三十次会议通过\n2020年5月14日 上海市第十五届人民代表大会常务委员会第二十一次会议《关于修改本市部分地方性法规的决定》第一次修正", "", "a.md", "2020-05-14")]
    // A news dateline.
    [InlineData("凝聚改革共识\n2024-08-08 | 来源:广西政协报\n正文", "", "a.txt", "2024-08-08")]
    // The signature under a State Council letter.
    [InlineData("国发〔2019〕4号\n各省、自治区、直辖市人民政府：\n现将……印发给你们。\n国务院\n2019年1月24日\n（此件公开发布）", "", "a.html", "2019-01-24")]
    // The 印发 line at the end of a red-header document.
    [InlineData("路卫发〔2011〕76号\n关于同意张阿三同志辞职的批复", "同意张阿三同志辞职。\n路桥区卫生局办公室2011年3月10日印发", "a.ofd", "2011-03-10")]
    // Only the file name tells.
    [InlineData("第一条 为了……制定本条例。", "", "北京市乡村振兴促进条例(2024-05-31).md", "2024-05-31")]
    [InlineData("正文", "", "经验反馈（征求意见稿） 20230324.doc", "2023-03-24")]
    public void The_document_date_comes_from_the_strongest_statement(string head, string tail, string fileName, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), IssueDateFinder.Find(Head(head, tail, fileName)));

    [Theory]
    // Dates in running text name events, not the document.
    [InlineData("2011年3月1日该同志向医院递交辞职报告，鉴于本人实际情况，同意辞职。")]
    [InlineData("第九十七条 本条例自2020年4月10日起施行。")]
    // A task dated inside a sentence is no adoption line, though 修订 follows it.
    [InlineData("2021年9月30日，国家能源局下达了《2021年能源领域行业标准制修订计划》")]
    // A date range on its own line is no dateline.
    [InlineData("2020年10月09日至2021年04月07日")]
    public void Dates_in_running_text_are_not_taken(string head) => Assert.Null(IssueDateFinder.Find(Head(head)));
}
