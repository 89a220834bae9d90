namespace KnowledgeBase.Tests.QueryUnderstanding;

public sealed class QueryAnalysisTests
{
    [Fact]
    public void An_all_english_query_counts_its_translations_as_own_words_with_bigrams()
    {
        var q = LexiconServices.QueryAnalyzer.Analyze("border trade policy").Retrieval;
        Assert.Contains("政策", q.Words);
        Assert.Contains("policy", q.Words);
        Assert.Contains("政策", q.Bigrams);
        Assert.DoesNotContain("政策", q.Expansions.Except(q.Words));
    }

    [Fact]
    public void In_a_mixed_query_translations_are_expansions()
    {
        var q = LexiconServices.QueryAnalyzer.Analyze("边境 policy").Retrieval;
        Assert.Contains("边境", q.Words);
        Assert.Contains("政策", q.Expansions);
        Assert.DoesNotContain("政策", q.Words);
    }

    [Fact]
    public void Synonyms_are_expansions_not_words()
    {
        var q = LexiconServices.QueryAnalyzer.Analyze("工资 怎么办").Retrieval;
        Assert.Contains("工资", q.Words);
        Assert.Contains("劳动报酬", q.Expansions);
        Assert.DoesNotContain("劳动报酬", q.Words);
        Assert.DoesNotContain("报酬", q.Bigrams); // synonyms add no bigrams
    }

    [Fact]
    public void Parts_of_a_long_query_word_are_expanded_when_the_whole_has_no_synonyms()
    {
        var q = LexiconServices.QueryAnalyzer.Analyze("房东不退押金").Retrieval;
        Assert.Contains("出租人", q.Expansions);
        Assert.Contains("保证金", q.Expansions);
    }

    [Fact]
    public void Chinese_words_get_english_glosses_for_english_documents()
    {
        var q = LexiconServices.QueryAnalyzer.Analyze("政策").Retrieval;
        Assert.Contains("policy", q.Expansions);
    }

    [Fact]
    public void Traditional_characters_fold_to_simplified_one_for_one()
    {
        var analyzer = TestServices.Analyzer;
        Assert.Equal("边境产业园区", analyzer.Normalize("邊境產業園區"));
        Assert.Equal(analyzer.Words("边境产业园区发展").Select(t => t.Text), analyzer.Words("邊境產業園區發展").Select(t => t.Text));
        // Characters simplified text uses unchanged are not folded.
        Assert.Equal("什么 宁夏", analyzer.Normalize("什么 宁夏"));
    }
}
