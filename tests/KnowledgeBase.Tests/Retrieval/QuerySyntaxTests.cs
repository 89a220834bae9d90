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
