using KnowledgeBase.Retrieval;

namespace KnowledgeBase.Tests.Retrieval;

public sealed class QuerySyntaxTests
{
    [Fact]
    public void Ascii_quotes_and_corner_brackets_are_hard_phrases_curly_quotes_soft()
    {
        var q = QuerySyntax.Parse("\"招商引资\" 「土地要素」 参加“黑社会”是犯罪吗 -东盟");
        Assert.Equal(["招商引资", "土地要素"], q.Phrases);
        Assert.Equal(["黑社会"], q.SoftPhrases);
        Assert.Equal(["东盟"], q.Excluded);
        Assert.Equal("参加 是犯罪吗", q.FreeText);
        Assert.Contains("黑社会", q.PositiveText);
    }

    [Fact]
    public void The_quoted_positive_text_keeps_each_phrase_in_its_quotes_at_the_same_offsets()
    {
        var q = QuerySyntax.Parse("“十二五”规划的 「主要目标」 -十一五");
        Assert.Equal("规划的 主要目标  十二五 ", q.PositiveText);
        Assert.Equal("规划的「主要目标」“十二五”", q.QuotedPositiveText);
        Assert.Equal(q.PositiveText.Length, q.QuotedPositiveText.Length);
        for (var i = 0; i < q.PositiveText.Length; i++)
            if (q.PositiveText[i] != ' ') Assert.Equal(q.PositiveText[i], q.QuotedPositiveText[i]);
    }

    [Fact]
    public void A_minus_inside_a_word_is_not_an_exclusion()
    {
        var q = QuerySyntax.Parse("COVID-19 中国—东盟");
        Assert.Empty(q.Excluded);
        Assert.Equal("COVID-19 中国—东盟", q.FreeText);
    }

    [Fact]
    public void An_unclosed_quote_is_ignored_rather_than_swallowing_the_query()
    {
        var q = QuerySyntax.Parse("\"沿边产业园区 政策");
        Assert.Empty(q.Phrases);
        Assert.Equal("沿边产业园区 政策", q.FreeText);
    }
}
