using KnowledgeBase.Text;

namespace KnowledgeBase.Retrieval;

/// <summary>Turns what the user typed into a <see cref="RetrievalQuery"/> with the index's own analysis chain.</summary>
public sealed class QueryAnalyzer(TextAnalyzer analyzer, IEnumerable<IQueryExpander> expanders)
{
    public AnalyzedQuery Analyze(string raw)
    {
        var parsed = QuerySyntax.Parse(raw);
        var positive = parsed.PositiveText;
        var normalized = analyzer.Normalize(positive);

        var words = Distinct(analyzer.QueryWords(positive).Select(t => t.Text));
        var bigrams = Distinct(analyzer.Bigrams(positive).Select(t => t.Text));

        var wordSet = new HashSet<string>(words, StringComparer.Ordinal);
        var expansions = new List<string>();
        var expansionHighlights = new List<string>();
        foreach (var expander in expanders)
        {
            foreach (var text in expander.Expand(normalized, words))
            {
                var added = false;
                foreach (var term in analyzer.QueryWords(text))
                {
                    if (wordSet.Add(term.Text)) { expansions.Add(term.Text); added = true; }
                }
                if (added) expansionHighlights.Add(analyzer.Normalize(text));
            }
        }

        var highlight = new List<string>();
        highlight.AddRange(parsed.Phrases.Concat(parsed.SoftPhrases).Select(analyzer.Normalize));
        highlight.AddRange(words);
        highlight.AddRange(expansionHighlights);

        var retrieval = new RetrievalQuery
        {
            Words = words,
            Expansions = expansions,
            Bigrams = bigrams,
            RequiredPhrases = parsed.Phrases.Select(analyzer.Normalize).Where(p => p.Length > 0).ToList(),
            SoftPhrases = parsed.SoftPhrases.Select(analyzer.Normalize).Where(p => p.Length > 0).ToList(),
            Excluded = parsed.Excluded.Select(analyzer.Normalize).Where(p => p.Length > 0).ToList(),
        };
        return new AnalyzedQuery(raw, parsed, retrieval, Distinct(highlight.Where(h => h.Length > 0)));
    }

    private static List<string> Distinct(IEnumerable<string> items) => items.Distinct(StringComparer.Ordinal).ToList();
}
