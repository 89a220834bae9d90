using KnowledgeBase.Configuration;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Storage;
using KnowledgeBase.Text.Lexicons;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.QueryUnderstanding;

/// <summary>
/// The work of one query is bounded by what it holds, not by its bytes: a query past the character or term limit is
/// refused with the reason before any expansion, translation selection grows linearly with the query, and a cancelled
/// request stops the selection between batches of statistics.
/// </summary>
public sealed class QueryLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Distinct English content words, none a stop word, none a plural of another.</summary>
    private static readonly string[] Vocabulary =
    [
        "agriculture", "budget", "customs", "deficit", "education", "electricity", "employment", "environment", "export", "finance",
        "fishery", "forestry", "freight", "harbour", "highway", "hospital", "housing", "import", "industry", "inflation",
        "insurance", "investment", "irrigation", "justice", "labour", "legislation", "livestock", "logistics", "manufacturing", "medicine",
        "mining", "museum", "nutrition", "pension", "pharmacy", "pollution", "poverty", "railway", "recycling", "research",
        "reservoir", "revenue", "salary", "sanitation", "satellite", "savings", "science", "security", "shipping", "software",
        "statistics", "steel", "subsidy", "taxation", "telecom", "textile", "tourism", "traffic", "transport", "tuition",
        "unemployment", "university", "vaccine", "village", "wages", "warehouse", "wetland", "wholesale", "wildlife", "zoning",
    ];

    private static string Words(int count) => string.Join(' ', Vocabulary.Take(count));

    [Fact]
    public void A_query_past_the_term_limit_is_refused_with_the_reason()
    {
        var analyzer = LexiconServices.QueryAnalyzer;
        Assert.Equal(64, new RetrievalOptions().MaxQueryTerms);
        Assert.Equal(64, analyzer.Analyze(Words(64), Ct).Parsed.PositiveText.Split(' ').Length);

        var refused = Assert.Throws<QueryLimitException>(() => analyzer.Analyze(Words(65), Ct));
        Assert.Contains("65 distinct words", refused.Message);
        Assert.Contains("at most 64", refused.Message);
    }

    [Fact]
    public void A_query_past_the_character_limit_is_refused_before_analysis()
    {
        var text = string.Concat(Enumerable.Repeat("沿边产业园区", 400));
        var refused = Assert.Throws<QueryLimitException>(() => LexiconServices.QueryAnalyzer.Analyze(text, Ct));
        Assert.Contains("2,400 characters", refused.Message);
    }

    [Fact]
    public void Text_used_as_a_query_is_cut_to_the_limits_at_a_word()
    {
        var analyzer = LexiconServices.QueryAnalyzer;
        var passage = Words(70);
        var lead = analyzer.LeadingWithinLimits(passage);
        Assert.StartsWith(lead, passage);
        Assert.Equal(Words(64), lead.TrimEnd());
        Assert.Equal(Words(10), analyzer.LeadingWithinLimits(Words(10)));
        Assert.NotNull(analyzer.Analyze(lead, Ct));
    }

    [Fact]
    public async Task Choosing_renderings_grows_linearly_with_the_query()
    {
        await using var corpus = new SearchCorpus();
        var phrases = Phrases(corpus, 40);
        // Every rendering is used by the library, so every one takes part in the association.
        await corpus.AddAsync("all", "全部", string.Join("，", phrases.SelectMany(t => t.Targets)) + "。");
        // One count per rendering, then one per pair of renderings (two each) of phrases within the window: linear in the phrases.
        int Bound(int window) => 1 + phrases.Sum(p => p.Targets.Count) + phrases.Count * window * 2 * 2;

        var narrow = Count(corpus, phrases, new QueryExpansionOptions { AssociationWindow = 4 });
        Assert.True(narrow <= Bound(4), $"{narrow} statistics for {phrases.Count} phrases; the linear bound is {Bound(4)}");
        var defaults = new QueryExpansionOptions();
        Assert.True(Count(corpus, phrases, defaults) <= Bound(defaults.AssociationWindow));
        // Every pair of phrases, as the selection would count without a window, is quadratic and far past the bound.
        var allPairs = Count(corpus, phrases, new QueryExpansionOptions { AssociationWindow = int.MaxValue });
        Assert.True(allPairs > 2 * Bound(4), $"{allPairs} statistics for every pair of {phrases.Count} phrases");
    }

    private static int Count(SearchCorpus corpus, List<Translation> phrases, QueryExpansionOptions options)
    {
        var counting = new CountingStatistics(corpus.Get<ITermStatistics>());
        var chosen = new TranslationSelector(TestServices.Analyzer, counting, corpus.Get<SynonymLexicon>(), Options.Create(options)).Select(phrases, Ct);
        Assert.Equal(phrases.Count, chosen.Count);
        return counting.Conjunctions;
    }

    [Fact]
    public async Task A_cancelled_request_stops_choosing_renderings()
    {
        await using var corpus = new SearchCorpus();
        var phrases = Phrases(corpus, 20);
        await corpus.AddAsync("all", "全部", string.Join("，", phrases.SelectMany(t => t.Targets)) + "。");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // The request is abandoned while the first batch of statistics is being counted.
        var counting = new CountingStatistics(corpus.Get<ITermStatistics>(), onCount: cancellation.Cancel);
        var selector = new TranslationSelector(TestServices.Analyzer, counting, corpus.Get<SynonymLexicon>(), Options.Create(new QueryExpansionOptions()));

        Assert.Throws<OperationCanceledException>(() => selector.Select(phrases, cancellation.Token));
        Assert.Equal(1, counting.Batches);
    }

    /// <summary>
    /// <paramref name="count"/> English phrases of the vocabulary with two Chinese renderings each from the real
    /// lexicon (phrases the lexicon renders fewer than twice are skipped).
    /// </summary>
    private static List<Translation> Phrases(SearchCorpus corpus, int count)
    {
        var translator = corpus.Get<IEnumerable<IQueryExpander>>().OfType<EnglishToChineseExpander>().Single();
        var translations = translator.Translate(TestServices.Analyzer.Normalize(string.Join(' ', Vocabulary))).ToList();
        var phrases = translations.Where(t => t.Targets.Count >= 2).Select(t => t with { Targets = t.Targets.Take(2).ToList() }).Take(count).ToList();
        Assert.Equal(count, phrases.Count);
        return phrases;
    }

    /// <summary>The real store's statistics, counting what is asked of them.</summary>
    private sealed class CountingStatistics(ITermStatistics inner, Action? onCount = null) : ITermStatistics
    {
        public int Conjunctions { get; private set; }
        public int Batches { get; private set; }

        public IReadOnlyList<long> CountPassages(IReadOnlyList<IReadOnlyList<string>> conjunctions)
        {
            Batches++;
            Conjunctions += conjunctions.Count;
            onCount?.Invoke();
            return inner.CountPassages(conjunctions);
        }
    }
}
