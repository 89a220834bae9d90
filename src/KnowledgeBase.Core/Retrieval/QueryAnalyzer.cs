using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Text;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Retrieval;

/// <summary>Turns what the user typed into a <see cref="RetrievalQuery"/> with the index's own analysis chain.</summary>
public sealed class QueryAnalyzer(TextAnalyzer analyzer, IEnumerable<IQueryExpander> expanders, IOptions<QueryExpansionOptions>? options = null, TranslationSelector? translationSelector = null)
{
    private readonly bool _translationsAsWords = options?.Value.TranslationsAsWords ?? true;
    private readonly bool _expansionsIncludeWords = options?.Value.ExpansionsIncludeWords ?? true;
    private readonly int _primaryTranslations = options?.Value.PrimaryTranslations ?? 1;
    private readonly bool _expandTranslations = options?.Value.ExpandTranslations ?? false;

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

        // Adds the analysed terms of text to one list; Han bigrams too when they stand for the user's words.
        void Add(string text, bool asWords)
        {
            var added = false;
            foreach (var term in analyzer.QueryWords(text))
            {
                if (!wordSet.Add(term.Text)) continue;
                (asWords ? words : expansions).Add(term.Text);
                added = true;
            }
            if (!added) return;
            expansionHighlights.Add(analyzer.Normalize(text));
            if (asWords)
                foreach (var bigram in analyzer.Bigrams(text))
                    if (bigramSet.Add(bigram.Text)) bigrams.Add(bigram.Text);
        }

        foreach (var expander in expanders)
        {
            if (expander is IQueryTranslator translator)
            {
                // A query with nothing in the target language can only match through its translations: the best
                // renderings stand for the user's words, the others are expansions.
                var primary = _translationsAsWords && translator.HasNoTargetText(normalized) ? _primaryTranslations : 0;
                var translations = translator.Translate(normalized).ToList();
                foreach (var translation in translationSelector?.Select(translations) ?? translations)
                    for (var i = 0; i < translation.Targets.Count; i++) Add(translation.Targets[i], asWords: i < primary);
                continue;
            }
            foreach (var text in expander.Expand(normalized, _expandTranslations ? words.ToList() : typed)) Add(text, asWords: false);
        }

        var highlight = new List<string>();
        highlight.AddRange(parsed.Phrases.Concat(parsed.SoftPhrases).Select(analyzer.Normalize));
        highlight.AddRange(words);
        highlight.AddRange(expansionHighlights);

        var retrieval = new RetrievalQuery
        {
            Words = words,
            Expansions = expansions.Count > 0 && _expansionsIncludeWords ? [.. words, .. expansions] : expansions,
            Bigrams = bigrams,
            RequiredPhrases = parsed.Phrases.Select(analyzer.Normalize).Where(p => p.Length > 0).ToList(),
            SoftPhrases = parsed.SoftPhrases.Select(analyzer.Normalize).Where(p => p.Length > 0).ToList(),
            Excluded = parsed.Excluded.Select(analyzer.Normalize).Where(p => p.Length > 0).ToList(),
        };
        return new AnalyzedQuery(raw, parsed, retrieval, Distinct(highlight.Where(h => h.Length > 0)));
    }

    private static List<string> Distinct(IEnumerable<string> items) => items.Distinct(StringComparer.Ordinal).ToList();
}
