using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Retrieval.Expansion;

/// <summary>
/// Adds synonyms of the query's words: everyday wording ↔ official wording from the curated policy list, then the
/// Cilin thesaurus. They feed the expansion signal, which fusion weights below the user's own words.
/// </summary>
public sealed class SynonymExpander(SynonymLexicon lexicon, TextAnalyzer analyzer, IOptions<QueryExpansionOptions> options) : IQueryExpander
{
    private readonly QueryExpansionOptions _options = options.Value;

    public IEnumerable<string> Expand(string positiveText, IReadOnlyList<string> words)
    {
        if (_options.SynonymsPerWord <= 0) yield break;
        foreach (var word in words)
        {
            if (lexicon.TryGet(word, out var synonyms))
            {
                foreach (var synonym in synonyms.Take(_options.SynonymsPerWord)) yield return synonym;
                continue;
            }
            // Queries are segmented into the longest words (拖欠工资); their parts (工资) may have synonyms when the whole has none.
            if (word.Length <= 2) continue;
            foreach (var part in analyzer.Words(word))
            {
                if (part.Text.Length == word.Length || !lexicon.TryGet(part.Text, out synonyms)) continue;
                foreach (var synonym in synonyms.Take(_options.SynonymsPerWord)) yield return synonym;
            }
        }
    }
}
