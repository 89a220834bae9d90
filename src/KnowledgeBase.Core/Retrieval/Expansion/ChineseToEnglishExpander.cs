using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Retrieval.Expansion;

/// <summary>Adds the primary English gloss of each Chinese query word (CC-CEDICT), so Chinese queries reach English documents.</summary>
public sealed class ChineseToEnglishExpander(ChineseEnglishLexicon lexicon, IOptions<QueryExpansionOptions> options) : IQueryExpander
{
    private readonly QueryExpansionOptions _options = options.Value;

    public IEnumerable<string> Expand(string positiveText, IReadOnlyList<string> words)
    {
        if (!_options.ChineseToEnglish || _options.GlossesPerWord <= 0) yield break;
        foreach (var word in words)
        {
            if (!CharClass.ContainsHan(word) || !lexicon.TryGet(word, out var glosses)) continue;
            foreach (var gloss in glosses.Take(_options.GlossesPerWord)) yield return gloss;
        }
    }
}
