using KnowledgeBase.Ingestion.Parsing;

namespace KnowledgeBase.Tests.Parsing;

public sealed class TextJoiningTests
{
    [Theory]
    [InlineData("民用航空发动机状态", "监视和故障诊断", "民用航空发动机状态监视和故障诊断")]
    [InlineData("促进经济增长", "，扩大内需。", "促进经济增长，扩大内需。")]
    [InlineData("截至2019", "年底", "截至2019年底")]
    [InlineData("retrieval of", "documents", "retrieval of documents")]
    [InlineData("information re-", "trieval", "information retrieval")]
    [InlineData("the state-", "Of-the-art", "the state- Of-the-art")]
    [InlineData("pages 3 -", "5", "pages 3 - 5")]
    [InlineData("the answer", "“5:02” as length", "the answer “5:02” as length")]
    [InlineData("推行部门联合", "“双随机、一公开”监管", "推行部门联合“双随机、一公开”监管")]
    public void Lines_are_joined_by_script(string first, string second, string expected) =>
        Assert.Equal(expected, LineJoiner.Join([first, second]));

    [Theory]
    [InlineData("12")]
    [InlineData("- 12 -")]
    [InlineData("— 7 —")]
    [InlineData("第 12 页")]
    [InlineData("第3页 共20页")]
    [InlineData("Page 12")]
    [InlineData("page 3 of 10")]
    [InlineData("3 / 10")]
    [InlineData("xiv")]
    [InlineData("·368·")]
    public void Bare_page_numbers_are_recognised(string line) => Assert.True(RunningLineFilter.IsPageNumber(line));

    [Theory]
    [InlineData("12 apples")]
    [InlineData("civil")]
    [InlineData("第十二条")]
    [InlineData("1.2 Method")]
    [InlineData("2019年")]
    public void Text_is_not_taken_for_a_page_number(string line) => Assert.False(RunningLineFilter.IsPageNumber(line));

    [Fact]
    public void Edge_lines_repeated_on_two_pages_are_running_lines_with_digits_masked()
    {
        var repeated = RunningLineFilter.FindRepeated([
            ["航空动力学报 第9卷", "Introduction"],
            ["第4期 民用航空发动机", "Methods"],
            ["航空动力学报 第9卷", "Results"],
        ]);
        Assert.Contains(RunningLineFilter.Key("航空动力学报第 9 卷"), repeated);
        Assert.DoesNotContain(RunningLineFilter.Key("Introduction"), repeated);
        Assert.DoesNotContain(RunningLineFilter.Key("第4期 民用航空发动机"), repeated);
    }

    [Theory]
    [InlineData("南⽠书", "南瓜书")]
    [InlineData("Uniﬁed", "Unified")]
    [InlineData("plain 文本", "plain 文本")]
    public void Radicals_and_ligatures_fold_to_ordinary_characters(string raw, string expected) =>
        Assert.Equal(expected, CjkText.FoldRadicals(raw));

    [Fact]
    public void Junk_text_layers_are_recognised()
    {
        Assert.True(GarbageText.IsGarbage("\uE001\uE002\uE003 \uE004abc"));
        Assert.True(GarbageText.IsGarbage("êÆ#(¯K)KK¯¯((##ÆÆêê ÄËÏ"));
        Assert.False(GarbageText.IsGarbage("正常的中文文本 with English words"));
    }
}
