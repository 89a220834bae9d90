using KnowledgeBase.Configuration;
using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Retrieval.Time;
using KnowledgeBase.Text;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Retrieval;

/// <summary>
/// Turns what the user typed into a <see cref="RetrievalQuery"/> with the index's own analysis chain. A query longer
/// than the limits (<see cref="RetrievalOptions.MaxQueryChars"/>, <see cref="RetrievalOptions.MaxQueryTerms"/>) is
/// refused with a <see cref="QueryLimitException"/> before any expansion or statistics work. The query's time (years,
/// 今年, “十一五”, 哪一年) becomes a <see cref="TimeConstraint"/>; its year words then count only as much as
/// <see cref="TimeOptions.YearWordWeight"/> says among the ordinary words.
/// </summary>
public sealed class QueryAnalyzer(TextAnalyzer analyzer, IEnumerable<IQueryExpander> expanders, IOptions<QueryExpansionOptions>? options = null,
    TranslationSelector? translationSelector = null, IOptions<RetrievalOptions>? limits = null, QueryTimeAnalyzer? timeAnalyzer = null,
    IOptions<TimeOptions>? timeOptions = null)
{
    private readonly QueryExpansionOptions _options = options?.Value ?? new();
    private readonly RetrievalOptions _limits = limits?.Value ?? new();
    private readonly TimeOptions _timeOptions = timeOptions?.Value ?? new();

    /// <summary>Most distinct Han bigrams a query may hold: a Chinese question has about twice as many as words.</summary>
    private int MaxBigrams => 2 * _limits.MaxQueryTerms;

    public AnalyzedQuery Analyze(string raw, CancellationToken cancellationToken = default)
    {
        if (raw.Length > _limits.MaxQueryChars)
            throw new QueryLimitException($"The query is {raw.Length:N0} characters long; at most {_limits.MaxQueryChars:N0} are searched. Shorten it to the words that matter.");
        var parsed = QuerySyntax.Parse(raw);
        var time = timeAnalyzer?.Analyze(parsed.QuotedPositiveText, analyzer.Segments) ?? QueryTime.None;
        var positive = TextWithoutYearWords(parsed.PositiveText, time);
        var normalized = analyzer.Normalize(positive);

        var words = Distinct(analyzer.QueryWords(positive).Select(t => t.Text));
        var bigrams = Distinct(analyzer.Bigrams(positive).Select(t => t.Text));
        if (words.Count > _limits.MaxQueryTerms)
            throw new QueryLimitException($"The query has {words.Count} distinct words after analysis; at most {_limits.MaxQueryTerms} are searched. Shorten it to the words that matter.");
        if (bigrams.Count > MaxBigrams)
            throw new QueryLimitException($"The query has {bigrams.Count} distinct pairs of Chinese characters; at most {MaxBigrams} are searched. Shorten it to the words that matter.");
        cancellationToken.ThrowIfCancellationRequested();

        var wordSet = new HashSet<string>(words, StringComparer.Ordinal);
        var bigramSet = new HashSet<string>(bigrams, StringComparer.Ordinal);
        var expansions = new List<string>();
        var expansionHighlights = new List<string>();
        var typed = words.ToList();

        var weights = new Dictionary<string, float>(StringComparer.Ordinal);
        if (_timeOptions.YearWordWeight is > 0 and < 1)
            foreach (var word in time.YearWords)
            {
                foreach (var term in analyzer.QueryWords(word.Text)) weights[term.Text] = _timeOptions.YearWordWeight;
                foreach (var term in analyzer.Bigrams(word.Text)) weights[term.Text] = _timeOptions.YearWordWeight;
            }

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
                foreach (var translation in translationSelector?.Select(translations, cancellationToken) ?? translations)
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
            Time = timeAnalyzer?.Constraint(time),
        };
        return new AnalyzedQuery(raw, parsed, retrieval, Distinct(highlight.Where(h => h.Length > 0))) { Translations = translated, Time = time };
    }

    /// <summary>
    /// The text the word and bigram signals analyse: without the year words when they weigh nothing — unless nothing
    /// else is left (a query of "2025年" alone still matches the words).
    /// </summary>
    private string TextWithoutYearWords(string positive, QueryTime time)
    {
        if (_timeOptions.YearWordWeight > 0) return positive;
        var stripped = QueryTimeAnalyzer.WithoutYearWords(positive, time);
        return ReferenceEquals(stripped, positive) || analyzer.QueryWords(stripped).Count > 0 ? stripped : positive;
    }

    /// <summary>
    /// The longest start of <paramref name="text"/> (whole terms) that stays within the query limits, for queries made
    /// from stored text rather than typed, such as "more like this" from a passage.
    /// </summary>
    public string LeadingWithinLimits(string text)
    {
        if (text.Length > _limits.MaxQueryChars) text = text[.._limits.MaxQueryChars];
        var cut = Math.Min(CutBeforeTermPast(analyzer.QueryWords(text), _limits.MaxQueryTerms), CutBeforeTermPast(analyzer.Bigrams(text), MaxBigrams));
        return cut < text.Length ? text[..cut] : text;
    }

    /// <summary>Where the first distinct term beyond <paramref name="max"/> starts (offsets are the text's: normalisation is one for one).</summary>
    private static int CutBeforeTermPast(List<Term> terms, int max)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
            if (seen.Add(term.Text) && seen.Count > max) return term.Start;
        return int.MaxValue;
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
