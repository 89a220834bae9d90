using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Text;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Retrieval;

/// <summary>Turns what the user typed into a <see cref="RetrievalQuery"/> with the index's own analysis chain.</summary>
public sealed class QueryAnalyzer(TextAnalyzer analyzer, IEnumerable<IQueryExpander> expanders, IOptions<QueryExpansionOptions>? options = null, TranslationSelector? translationSelector = null)
{
    private readonly QueryExpansionOptions _options = options?.Value ?? new();

    public AnalyzedQuery Analyze(string raw)
    {
        var parsed = QuerySyntax.Parse(raw);
        var positive = parsed.PositiveText;
        var normalized = analyzer.Normalize(positive);

        var words = Distinct(analyzer.QueryWords(positive).Select(t => t.Text));
        var bigrams = Distinct(analyzer.Bigrams(positive).Select(t => t.Text));

        var wordSet = new HashSet<string>(words, StringComparer.Ordinal);
        var bigramSet = new HashSet<string>(bigrams, StringComparer.Ordinal);
        var expansions = new List<string>();
        var expansionHighlights = new List<string>();
        var typed = words.ToList();

        var weights = new Dictionary<string, float>(StringComparer.Ordinal);

        // Adds the analysed terms of text to one list, at a weight (an expansion's is ExpansionTermWeight); Han bigrams too
        // when they stand for the user's words.
        bool Add(string text, bool asWords, float weight = 1f)
        {
            if (!asWords) weight = _options.ExpansionTermWeight;
            var added = false;
            foreach (var term in analyzer.QueryWords(text))
            {
                if (!wordSet.Add(term.Text)) continue;
                (asWords ? words : expansions).Add(term.Text);
                if (weight != 1f) weights[term.Text] = weight;
                added = true;
            }
            if (!added) return false;
            expansionHighlights.Add(analyzer.Normalize(text));
            if (asWords)
                foreach (var bigram in analyzer.Bigrams(text))
                    if (bigramSet.Add(bigram.Text))
                    {
                        bigrams.Add(bigram.Text);
                        if (weight != 1f) weights[bigram.Text] = weight;
                    }
            return true;
        }

        var translated = new List<Translation>();

        foreach (var expander in expanders)
        {
            if (expander is IQueryTranslator translator)
            {
                // A query with nothing in the target language can only match through its translations: the best
                // renderings stand for the user's words, the others are expansions.
                var primary = _options.TranslationsAsWords && translator.HasNoTargetText(normalized) ? _options.PrimaryTranslations : 0;
                var translations = translator.Translate(normalized).ToList();
                foreach (var translation in translationSelector?.Select(translations) ?? translations)
                {
                    var weight = RenderingWeight(Math.Min(primary, translation.Targets.Count));
                    var searched = new List<string>();
                    for (var i = 0; i < translation.Targets.Count; i++)
                        if (i < primary ? Add(translation.Targets[i], asWords: true, weight) : Add(translation.Targets[i], asWords: false))
                            searched.Add(translation.Targets[i]);
                    if (searched.Count > 0) translated.Add(translation with { Targets = searched });
                }
                continue;
            }
            foreach (var text in expander.Expand(normalized, _options.ExpandTranslations ? words.ToList() : typed)) Add(text, asWords: false);
        }

        var highlight = new List<string>();
        highlight.AddRange(parsed.Phrases.Concat(parsed.SoftPhrases).Select(analyzer.Normalize));
        highlight.AddRange(words);
        highlight.AddRange(expansionHighlights);

        List<string> wordsAndExpansions = [.. words, .. expansions];
        var retrieval = new RetrievalQuery
        {
            Words = _options.WordsIncludeExpansions ? wordsAndExpansions : words,
            Expansions = expansions.Count > 0 && _options.ExpansionsIncludeWords ? wordsAndExpansions : expansions,
            Bigrams = bigrams,
            RequiredPhrases = parsed.Phrases.Select(analyzer.Normalize).Where(p => p.Length > 0).ToList(),
            SoftPhrases = parsed.SoftPhrases.Select(analyzer.Normalize).Where(p => p.Length > 0).ToList(),
            Excluded = parsed.Excluded.Select(analyzer.Normalize).Where(p => p.Length > 0).ToList(),
            TermWeights = weights,
        };
        return new AnalyzedQuery(raw, parsed, retrieval, Distinct(highlight.Where(h => h.Length > 0))) { Translations = translated };
    }

    /// <summary>
    /// Weight of each of the <paramref name="renderings"/> that stand together for one phrase of the user's: 1/√k. The
    /// renderings are alternatives for one concept, as in a structured query translation, so a phrase the dictionary
    /// renders twice must not count twice as much as one it renders once; √ rather than 1/k because either rendering
    /// alone may be the text's word.
    /// </summary>
    private float RenderingWeight(int renderings) =>
        renderings > 1 && _options.ShareRenderingWeight ? 1f / MathF.Sqrt(renderings) : 1f;

    private static List<string> Distinct(IEnumerable<string> items) => items.Distinct(StringComparer.Ordinal).ToList();
}
