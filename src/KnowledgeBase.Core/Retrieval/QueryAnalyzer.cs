using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Text;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Retrieval;

/// <summary>Turns what the user typed into a <see cref="RetrievalQuery"/> with the index's own analysis chain.</summary>
public sealed class QueryAnalyzer(TextAnalyzer analyzer, IEnumerable<IQueryExpander> expanders, IOptions<QueryExpansionOptions>? options = null)
{
    private readonly bool _translationsAsWords = options?.Value.TranslationsAsWords ?? true;

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
        // A query without any Chinese can only match Chinese text through its translations; they then stand for the
        // user's words (both the word and the bigram signal) rather than for down-weighted expansions.
        var noHan = !CharClass.ContainsHan(normalized);
        foreach (var expander in expanders)
        {
            var asWords = _translationsAsWords && noHan && expander is IQueryTranslator;
            // Later expanders see earlier translations, so synonyms of translated words are found too.
            foreach (var text in expander.Expand(normalized, words.ToList()))
            {
                var added = false;
                foreach (var term in analyzer.QueryWords(text))
                {
                    if (!wordSet.Add(term.Text)) continue;
                    (asWords ? words : expansions).Add(term.Text);
                    added = true;
                }
                if (!added) continue;
                expansionHighlights.Add(analyzer.Normalize(text));
                if (asWords)
                    foreach (var bigram in analyzer.Bigrams(text))
                        if (bigramSet.Add(bigram.Text)) bigrams.Add(bigram.Text);
            }
        }

        var highlight = new List<string>();
        highlight.AddRange(parsed.Phrases.Select(analyzer.Normalize));
        highlight.AddRange(words);
        highlight.AddRange(expansionHighlights);

        var retrieval = new RetrievalQuery
        {
            Words = words,
            Expansions = expansions,
            Bigrams = bigrams,
            RequiredPhrases = parsed.Phrases.Select(analyzer.Normalize).Where(p => p.Length > 0).ToList(),
            Excluded = parsed.Excluded.Select(analyzer.Normalize).Where(p => p.Length > 0).ToList(),
        };
        return new AnalyzedQuery(raw, parsed, retrieval, Distinct(highlight.Where(h => h.Length > 0)));
    }

    private static List<string> Distinct(IEnumerable<string> items) => items.Distinct(StringComparer.Ordinal).ToList();
}
