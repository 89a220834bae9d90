using KnowledgeBase.Retrieval;

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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Renderings_standing_for_one_phrase_share_its_weight(bool share)
    {
        await using var corpus = new SearchCorpus(new Dictionary<string, string?> { ["KnowledgeBase:QueryUnderstanding:ShareRenderingWeight"] = share.ToString() });
        await corpus.AddAsync("a", "刑法", "盗窃公私财物，数额较大的，处三年以下有期徒刑。");
        await corpus.AddAsync("b", "报道", "居民家中失窃，窃盗案件已经立案。");

        var q = corpus.Get<QueryAnalyzer>().Analyze("theft").Retrieval;
        var renderings = new[] { "盗窃", "窃盗", "失窃" }.Where(q.Words.Contains).ToList();
        Assert.Equal(2, renderings.Count); // both kept renderings stand for the user's word
        foreach (var rendering in renderings)
            Assert.Equal(share ? 1 / MathF.Sqrt(2) : 1f, q.TermWeights.GetValueOrDefault(rendering, 1f), 4);
        Assert.Equal(share, q.TermWeights.ContainsKey(q.Bigrams.First(b => renderings[0].Contains(b, StringComparison.Ordinal))));
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
