using KnowledgeBase.Text;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>The terms of one passage as the lexical index stores them: weighted frequencies and a weighted length per field group.</summary>
internal sealed record AnalyzedPassage(Dictionary<string, int> Words, int WordsLength, Dictionary<string, int> Bigrams, int BigramsLength)
{
    public Dictionary<string, int> Terms(LexicalField field) => field == LexicalField.Words ? Words : Bigrams;
    public int Length(LexicalField field) => field == LexicalField.Words ? WordsLength : BigramsLength;
}

/// <summary>
/// Analyses a passage for the lexical index with the shared <see cref="TextAnalyzer"/>. Field weights are folded into
/// the term frequency and the length (BM25F with one length normalisation per field group): a word in the title counts
/// 3, in the headings 2, in the body 1; a bigram in the title 2, in the body 1 (the column weights the FTS5 engine used).
/// </summary>
internal sealed class LexicalDocumentAnalyzer(TextAnalyzer analyzer)
{
    public const int TitleWordWeight = 3, HeadingWordWeight = 2, BodyWordWeight = 1;
    public const int TitleBigramWeight = 2, BodyBigramWeight = 1;

    /// <summary>The title's terms, analysed once per document and shared by its passages.</summary>
    public sealed record TitleTerms(List<Term> Words, List<Term> Bigrams);

    /// <summary>The normalised text phrase checks search in.</summary>
    public string Normalize(string text) => analyzer.Normalize(text);

    /// <summary>
    /// The bigrams every passage whose text contains <paramref name="phrase"/> holds, whatever surrounds it: the pairs of
    /// adjacent Han characters inside the phrase (a lone character or a Latin word is indexed differently in context,
    /// so it contributes nothing here).
    /// </summary>
    public IReadOnlyList<string> PhraseBigrams(string phrase) =>
        analyzer.Bigrams(phrase).Where(t => t.Text.Length == 2).Select(t => t.Text).Distinct(StringComparer.Ordinal).ToList();

    public TitleTerms AnalyzeTitle(string title) => new(analyzer.Words(title), analyzer.Bigrams(title));

    /// <param name="markers">Reserved terms (with their frequencies) listed under the passage without counting towards its length (<see cref="Time.TimeTerms"/>).</param>
    public AnalyzedPassage Analyze(TitleTerms title, string headingPath, string text, IEnumerable<KeyValuePair<string, int>>? markers = null)
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        var wordsLength = Add(words, title.Words, TitleWordWeight) + Add(words, analyzer.Words(headingPath), HeadingWordWeight)
                          + Add(words, analyzer.Words(text), BodyWordWeight);
        if (markers is not null)
            foreach (var (marker, frequency) in markers) words[marker] = frequency;
        var bigrams = new Dictionary<string, int>(StringComparer.Ordinal);
        var bigramsLength = Add(bigrams, title.Bigrams, TitleBigramWeight) + Add(bigrams, analyzer.Bigrams(text), BodyBigramWeight);
        return new AnalyzedPassage(words, wordsLength, bigrams, bigramsLength);
    }

    private static int Add(Dictionary<string, int> frequencies, List<Term> terms, int weight)
    {
        foreach (var term in terms)
            frequencies[term.Text] = frequencies.GetValueOrDefault(term.Text) + weight;
        return terms.Count * weight;
    }
}
