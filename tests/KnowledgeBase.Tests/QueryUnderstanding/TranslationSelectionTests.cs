using KnowledgeBase.Retrieval;
using KnowledgeBase.Retrieval.Expansion;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.QueryUnderstanding;

/// <summary>The library's own statistics choose among dictionary renderings (real store, real CC-CEDICT lexicon).</summary>
public sealed class TranslationSelectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rendering_the_library_uses_with_the_other_words_beats_the_dictionarys_first_sense()
    {
        await using var corpus = new SearchCorpus();
        // The dictionary ranks 兴趣 ("an interest in painting") first for "interest"; this library means 利息, next to 借款.
        await corpus.AddAsync("law", "民法典", "借款的利息不得预先在本金中扣除。");
        await corpus.AddAsync("law2", "民法典", "借款人应当按照约定的期限向贷款人支付利息。");
        await corpus.AddAsync("news", "新闻", "他从小对绘画很有兴趣。");

        var translations = Translator(corpus).Translate(TestServices.Analyzer.Normalize("interest on a loan")).ToList();
        Assert.Equal("兴趣", translations.Single(t => t.Source == "interest").Targets[0]);

        var chosen = corpus.Get<TranslationSelector>().Select(translations, Ct);
        Assert.Equal("利息", chosen.Single(t => t.Source == "interest").Targets[0]);
        Assert.Contains("借款", chosen.Single(t => t.Source == "loan").Targets);

        Assert.StartsWith("law", (await corpus.SearchAsync("interest on a loan"))[0]);
    }

    [Fact]
    public async Task Renderings_the_library_never_uses_are_dropped_but_a_phrase_is_never_left_empty()
    {
        await using var corpus = new SearchCorpus();
        await corpus.AddAsync("a", "住房", "承租人应当按照约定支付租金。");
        var translations = Translator(corpus).Translate(TestServices.Analyzer.Normalize("rent submarine")).ToList();

        var chosen = corpus.Get<TranslationSelector>().Select(translations, Ct);
        var rent = chosen.Single(t => t.Source == "rent");
        Assert.Contains("租金", rent.Targets);
        Assert.All(rent.Targets, t => Assert.Contains(t, "承租人应当按照约定支付租金。")); // 租赁, 出租 … are not in the library
        var unseen = chosen.Single(t => t.Source != "rent");
        Assert.Single(unseen.Targets); // nothing in the library: the dictionary's best guess stays, so the query still says it
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_rendering_the_library_never_uses_gives_way_to_a_synonym_it_does(bool enabled)
    {
        await using var corpus = new SearchCorpus(new Dictionary<string, string?> { ["KnowledgeBase:QueryUnderstanding:SynonymsForUnusedRenderings"] = enabled.ToString() });
        // The dictionary renders "industrial park" 工业区 / 工业园区; this library only says 产业园区 (a synonym in the list).
        await corpus.AddAsync("a", "崇左", "加快沿边产业园区建设，完善产业园区配套政策。");
        await corpus.AddAsync("b", "通知", "做好农村饮水安全工作。");

        var translations = Translator(corpus).Translate(TestServices.Analyzer.Normalize("industrial park")).ToList();
        Assert.DoesNotContain("产业园区", translations.Single().Targets);
        var chosen = corpus.Get<TranslationSelector>().Select(translations, Ct).Single().Targets;
        if (enabled) Assert.Contains("产业园区", chosen);
        else Assert.Equal([translations.Single().Targets[0]], chosen); // nothing used: the dictionary's best guess stays

        var top = await corpus.SearchAsync("industrial park");
        if (enabled) Assert.Equal("a", top[0]);
        else Assert.DoesNotContain("a", top);
    }

    [Fact]
    public void Turned_off_it_keeps_the_dictionary_order()
    {
        using var services = TestServices.Create(TestServices.TempDirectory(), new Dictionary<string, string?> { ["KnowledgeBase:QueryUnderstanding:KeptRenderings"] = "0" });
        var translations = new List<Translation> { new("copyright", ["版权", "著作权"]), new("work", ["工作", "作品"]) };
        Assert.Same(translations, services.GetRequiredService<TranslationSelector>().Select(translations, Ct));
    }

    private static EnglishToChineseExpander Translator(SearchCorpus corpus) =>
        corpus.Get<IServiceProvider>().GetServices<IQueryExpander>().OfType<EnglishToChineseExpander>().Single();
}
