using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Retrieval.Expansion;

/// <summary>
/// Translates the English parts of a query into Chinese (ECDICT and CC-CEDICT), longest phrase first: "border industrial park
/// policy" → 边境 … / 工业园区 / 政策 …, not 公园 for "park". Chinese parts of a mixed query are left to the other signals.
/// </summary>
public sealed class EnglishToChineseExpander(EnglishChineseLexicon lexicon, StopWords stopWords, IOptions<QueryExpansionOptions> options) : IQueryTranslator
{
    private readonly QueryExpansionOptions _options = options.Value;

    public IEnumerable<string> Expand(string positiveText, IReadOnlyList<string> words) =>
        Translate(positiveText).Select(t => string.Join(' ', t.Targets));

    public bool HasNoTargetText(string normalizedText) => !CharClass.ContainsHan(normalizedText);

    /// <summary>The English phrases of the text, longest match first, each with its best Chinese candidates.</summary>
    public IEnumerable<Translation> Translate(string normalizedText)
    {
        if (!_options.EnglishToChinese || _options.TranslationsPerPhrase <= 0) return [];
        return Phrases(normalizedText).Select(p => new Translation(p.Phrase, p.Candidates.Take(_options.TranslationsPerPhrase).ToList()));
    }

    /// <summary>The English phrases found in <paramref name="text"/>, longest match first, each with all its Chinese candidates.</summary>
    public IEnumerable<(string Phrase, string[] Candidates)> Phrases(string text)
    {
        foreach (var run in EnglishWords.Runs(text))
        {
            var tokens = run.Select(EnglishStemmer.Stem).ToList();
            var i = 0;
            while (i < tokens.Count)
            {
                if (LongestPhrase(tokens, i) is { } phrase)
                {
                    yield return (phrase.Text, phrase.Candidates);
                    i += phrase.Words;
                    continue;
                }
                if (!IsStopWord(tokens[i]) && Lookup(tokens[i]) is { } single) yield return single;
                i++;
            }
        }
    }

    /// <summary>
    /// The longest phrase of two or more words the lexicon holds from <paramref name="start"/> on, extended word by word
    /// while the lexicon holds longer phrases with that beginning. "what is" → 何为 is a phrase of function words, not
    /// content: a phrase must start and end with a content word.
    /// </summary>
    private (string Text, string[] Candidates, int Words)? LongestPhrase(List<string> tokens, int start)
    {
        if (IsStopWord(tokens[start])) return null;
        (string, string[], int)? longest = null;
        var phrase = tokens[start];
        for (var end = start + 1; end < tokens.Count && lexicon.HasLongerPhrase(phrase); end++)
        {
            phrase += " " + tokens[end];
            if (!IsStopWord(tokens[end]) && lexicon.TryGet(phrase, out var candidates)) longest = (phrase, candidates, end - start + 1);
        }
        return longest;
    }

    private (string, string[])? Lookup(string word)
    {
        if (lexicon.TryGet(word, out var candidates)) return (word, candidates);
        foreach (var form in EnglishWords.BaseForms(word))
            if (!IsStopWord(form) && lexicon.TryGet(form, out candidates)) return (form, candidates);
        return null;
    }

    /// <summary>Function words, and numbers: "19" in "COVID-19" or a year stays as typed (the text writes them in digits too), never 十九.</summary>
    private bool IsStopWord(string word) => word.Length < 2 || stopWords.Contains(word) || QuestionWords.Contains(word) || word.All(char.IsAsciiDigit);

    /// <summary>Function words of questions that jieba's stop list lacks; translating them adds only noise.</summary>
    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "can", "could", "should", "would", "will",
        "shall", "may", "might", "must", "do", "doe", "does", "did", "done", "is", "are", "was", "were", "be", "been", "being",
        "have", "ha", "has", "had", "it", "its", "if", "or", "and", "not", "no", "yes", "any", "anyone", "anything", "some",
        "someone", "something", "other", "else", "such", "there", "their", "they", "them", "this", "that", "these", "those",
        "than", "then", "so", "too", "very", "also", "about", "into", "onto", "over", "under", "after", "before", "during",
        "while", "with", "without", "within", "from", "for", "of", "on", "in", "at", "by", "to", "as", "up", "out", "off",
        "the", "a", "an", "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "one", "get",
        "got", "still", "just", "only", "even", "way", "ways", "much", "many", "more", "most", "own", "need", "want",
    };
}
