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
        // The dictionary ranks 版权 first for "copyright"; this library says 著作权, next to 作品.
        await corpus.AddAsync("law", "著作权法", "作品的著作权属于作者，本法另有规定的除外。");
        await corpus.AddAsync("law2", "著作权法", "著作权人可以许可他人使用其作品，并依照约定获得报酬。");
        await corpus.AddAsync("news", "新闻", "出版社的版权页上印有发行日期。");

        var translations = Translator(corpus).Translate(TestServices.Analyzer.Normalize("copyright of a work")).ToList();
        Assert.Equal("版权", translations.Single(t => t.Source == "copyright").Targets[0]);

        var chosen = corpus.Get<TranslationSelector>().Select(translations);
        Assert.Equal("著作权", chosen.Single(t => t.Source == "copyright").Targets[0]);
        Assert.Equal("作品", chosen.Single(t => t.Source == "work").Targets[0]);

        Assert.StartsWith("law", (await corpus.SearchAsync("copyright of a work"))[0]);
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
