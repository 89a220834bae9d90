using System.Security.Cryptography;
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
    /// <summary>
    /// Raise when this chain's code changes the terms it produces for the same text and data files (a folding rule, the
    /// term filter, the stemmer, the bigram rule): stores built before then are refused until <c>kb reindex</c>.
    /// </summary>
    public const int CodeVersion = 1;

    private readonly Lazy<string> _fingerprint = new(() => ComputeFingerprint(normalizer, segmenter, stopWords));

    public CharNormalizer Normalizer => normalizer;

    /// <summary>
    /// Identifies what decides the index terms of a text: <see cref="CodeVersion"/>, the segmenter's dictionaries
    /// (jieba's word dictionary and HMM tables, the policy vocabulary, the user dictionaries), the traditional→simplified
    /// map and the stop words (hex SHA-256, first 128 bits). Stores record it with the index they build and refuse to
    /// search an index built by another chain, whose terms the queries would no longer meet. The query-side lexicons
    /// (English↔Chinese, synonyms) are not part of it: they change what a query asks for, not what the index holds.
    /// </summary>
    public string Fingerprint => _fingerprint.Value;

    private static string ComputeFingerprint(CharNormalizer normalizer, ChineseSegmenter segmenter, StopWords stopWords)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"analysis chain {CodeVersion}\n"));
        hash.AppendData(segmenter.Fingerprint.Span);
        var text = new StringBuilder("\nvariants\n");
        foreach (var (traditional, simplified) in normalizer.VariantPairs) text.Append(traditional).Append(simplified);
        text.Append("\nstop words\n");
        foreach (var word in stopWords.Ordered) text.Append(word).Append('\n');
        hash.AppendData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
    }

    public string Normalize(string text) => normalizer.Normalize(text);

    /// <summary>Word terms of <paramref name="text"/> (search mode: a long word and the words inside it).</summary>
    public List<Term> Words(string text) => WordsOfNormalized(normalizer.Normalize(text), searchMode: true);

    /// <summary>Word terms of a query: the longest words only, as the user typed them.</summary>
    public List<Term> QueryWords(string text) => WordsOfNormalized(normalizer.Normalize(text), searchMode: false);

    /// <summary>
    /// Every word of <paramref name="text"/> as segmented, stop words and punctuation included, with offsets: what reads a
    /// query's grammar (2008年金融危机后: the year, then 后 as a word of its own) needs what the terms leave out.
    /// </summary>
    public IReadOnlyList<Segment> Segments(string text) => segmenter.Segment(normalizer.Normalize(text)).ToList();

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
