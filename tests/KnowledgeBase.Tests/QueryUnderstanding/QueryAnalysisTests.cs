using KnowledgeBase.Retrieval;

namespace KnowledgeBase.Tests.QueryUnderstanding;

public sealed class QueryAnalysisTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void An_all_english_query_counts_its_translations_as_own_words_with_bigrams()
    {
        var q = LexiconServices.QueryAnalyzer.Analyze("border trade policy", Ct).Retrieval;
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

        var q = corpus.Get<QueryAnalyzer>().Analyze("theft", Ct).Retrieval;
        var renderings = new[] { "盗窃", "窃盗", "失窃" }.Where(q.Words.Contains).ToList();
        Assert.Equal(2, renderings.Count); // both kept renderings stand for the user's word
        foreach (var rendering in renderings)
            Assert.Equal(share ? 1 / MathF.Sqrt(2) : 1f, q.TermWeights.GetValueOrDefault(rendering, 1f), 4);
        Assert.Equal(share, q.TermWeights.ContainsKey(q.Bigrams.First(b => renderings[0].Contains(b, StringComparison.Ordinal))));
    }

    [Fact]
    public void Synonyms_join_the_word_signal_at_a_lower_weight()
    {
        var q = LexiconServices.QueryAnalyzer.Analyze("边境 政策", Ct).Retrieval;
        Assert.Contains("沿边", q.Words);
        Assert.Equal(0.3f, q.TermWeights["沿边"], 3);
        Assert.False(q.TermWeights.ContainsKey("边境")); // the user's own word counts in full
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_passage_naming_the_concept_by_a_synonym_beats_one_that_misses_it(bool inWords)
    {
        await using var corpus = new SearchCorpus(inWords ? null : new Dictionary<string, string?>
        {
            ["KnowledgeBase:QueryUnderstanding:WordsIncludeExpansions"] = "false",
            ["KnowledgeBase:QueryUnderstanding:ExpansionTermWeight"] = "1",
        });
        await corpus.AddAsync("border", "意见", "沿边地区实行特殊的开放政策。");
        await corpus.AddAsync("policy", "条例", "本条例所称政策，是指产业政策和财税政策。");
        await corpus.AddAsync("other", "通知", "做好农村饮水安全工作。");
        var top = (await corpus.SearchAsync("边境 政策"))[0];
        // Only the first passage speaks of border areas (沿边 for 边境). With synonyms in their own signal alone, the
        // passage that repeats 政策 wins the word and bigram signals and with them the fusion.
        Assert.Equal(inWords ? "border" : "policy", top);
    }

    [Fact]
    public void In_a_mixed_query_translations_are_expansions()
    {
        var q = LexiconServices.QueryAnalyzer.Analyze("边境 policy", Ct).Retrieval;
        Assert.Contains("边境", q.Words);
        Assert.Contains("政策", q.Expansions);
        Assert.Equal(0.3f, q.TermWeights["政策"], 3); // weighted as an expansion wherever it is scored
        Assert.DoesNotContain("政策", q.Bigrams);
    }

    [Fact]
    public void Synonyms_are_expansions_weighted_below_the_words()
    {
        var q = LexiconServices.QueryAnalyzer.Analyze("工资 怎么办", Ct).Retrieval;
        Assert.Contains("工资", q.Words);
        Assert.False(q.TermWeights.ContainsKey("工资"));
        Assert.Contains("劳动报酬", q.Expansions);
        Assert.Equal(0.3f, q.TermWeights["劳动报酬"], 3);
        Assert.DoesNotContain("报酬", q.Bigrams); // synonyms add no bigrams
    }

    [Fact]
    public void Parts_of_a_long_query_word_are_expanded_when_the_whole_has_no_synonyms()
    {
        var q = LexiconServices.QueryAnalyzer.Analyze("房东不退押金", Ct).Retrieval;
        Assert.Contains("出租人", q.Expansions);
        Assert.Contains("保证金", q.Expansions);
    }

    [Fact]
    public void Chinese_words_get_english_glosses_for_english_documents()
    {
        var q = LexiconServices.QueryAnalyzer.Analyze("政策", Ct).Retrieval;
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
