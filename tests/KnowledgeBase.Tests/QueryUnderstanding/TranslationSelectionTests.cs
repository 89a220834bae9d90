using KnowledgeBase.Retrieval;
using KnowledgeBase.Retrieval.Expansion;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.QueryUnderstanding;

/// <summary>The library's own statistics choose among dictionary renderings (real store, real CC-CEDICT lexicon).</summary>
public sealed class TranslationSelectionTests
{
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

        var chosen = corpus.Get<TranslationSelector>().Select(translations);
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

        var chosen = corpus.Get<TranslationSelector>().Select(translations);
        var rent = chosen.Single(t => t.Source == "rent");
        Assert.Contains("租金", rent.Targets);
        Assert.All(rent.Targets, t => Assert.Contains(t, "承租人应当按照约定支付租金。")); // 租赁, 出租 … are not in the library
        var unseen = chosen.Single(t => t.Source != "rent");
        Assert.Single(unseen.Targets); // nothing in the library: the dictionary's best guess stays, so the query still says it
    }

    [Fact]
    public void Turned_off_it_keeps_the_dictionary_order()
    {
        using var services = TestServices.Create(TestServices.TempDirectory(), new Dictionary<string, string?> { ["KnowledgeBase:QueryUnderstanding:KeptRenderings"] = "0" });
        var translations = new List<Translation> { new("copyright", ["版权", "著作权"]), new("work", ["工作", "作品"]) };
        Assert.Same(translations, services.GetRequiredService<TranslationSelector>().Select(translations));
    }

    private static EnglishToChineseExpander Translator(SearchCorpus corpus) =>
        corpus.Get<IServiceProvider>().GetServices<IQueryExpander>().OfType<EnglishToChineseExpander>().Single();
}
