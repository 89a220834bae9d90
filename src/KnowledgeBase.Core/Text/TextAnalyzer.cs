using System.Text;

namespace KnowledgeBase.Text;

/// <summary>
/// The analysis chain shared by indexing and querying, so both sides produce the same terms:
/// normalise (width, case, traditional→simplified) → jieba search-mode words → strip punctuation →
/// drop stop words → stem English plurals; and, separately, character bigrams over runs of Han characters
/// for recall on words jieba splits differently in the query and in the text.
/// </summary>
public sealed class TextAnalyzer(CharNormalizer normalizer, ChineseSegmenter segmenter, StopWords stopWords)
{
    public CharNormalizer Normalizer => normalizer;

    public string Normalize(string text) => normalizer.Normalize(text);

    /// <summary>Word terms of <paramref name="text"/> (search mode: a long word and the words inside it).</summary>
    public List<Term> Words(string text) => WordsOfNormalized(normalizer.Normalize(text), searchMode: true);

    /// <summary>Word terms of a query: the longest words only, as the user typed them.</summary>
    public List<Term> QueryWords(string text) => WordsOfNormalized(normalizer.Normalize(text), searchMode: false);

    private List<Term> WordsOfNormalized(string normalized, bool searchMode)
    {
        var terms = new List<Term>(normalized.Length / 2);
        var segments = searchMode ? segmenter.SegmentForSearch(normalized) : segmenter.Segment(normalized);
        foreach (var s in segments)
        {
            var term = ToTerm(s.Word);
            if (term is null || stopWords.Contains(term)) continue;
            terms.Add(new Term(term, s.Start, s.End));
        }
        return terms;
    }

    /// <summary>Keeps letters and digits; English words are stemmed. Returns null for punctuation and space.</summary>
    public static string? ToTerm(string word)
    {
        var allTermChars = true;
        var ascii = true;
        foreach (var c in word)
        {
            if (!CharClass.IsTermChar(c)) allTermChars = false;
            if (c > 127) ascii = false;
        }
        var term = word;
        if (!allTermChars)
        {
            var sb = new StringBuilder(word.Length);
            foreach (var c in word) if (CharClass.IsTermChar(c)) sb.Append(c);
            term = sb.ToString();
        }
        if (term.Length == 0) return null;
        return ascii ? EnglishStemmer.Stem(term) : term;
    }

    /// <summary>Character bigrams over each run of Han characters; a lone Han character stands as a unigram.</summary>
    public List<Term> Bigrams(string text) => BigramsOfNormalized(normalizer.Normalize(text));

    internal static List<Term> BigramsOfNormalized(string normalized)
    {
        var terms = new List<Term>(normalized.Length);
        var i = 0;
        while (i < normalized.Length)
        {
            if (!CharClass.IsHan(normalized[i])) { i++; continue; }
            var start = i;
            while (i < normalized.Length && CharClass.IsHan(normalized[i])) i++;
            var length = i - start;
            if (length == 1) { terms.Add(new Term(normalized.Substring(start, 1), start, start + 1)); continue; }
            for (var k = start; k + 1 < i; k++) terms.Add(new Term(normalized.Substring(k, 2), k, k + 2));
        }
        return terms;
    }

    /// <summary>Space-joined terms, the form the full-text indexes store.</summary>
    public static string Join(IEnumerable<Term> terms) => string.Join(' ', terms.Select(t => t.Text));
}
