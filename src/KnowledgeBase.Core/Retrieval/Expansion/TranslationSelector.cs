using KnowledgeBase.Storage;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Retrieval.Expansion;

/// <summary>
/// Chooses among a dictionary's renderings of each query phrase with the library's own statistics, the co-occurrence
/// method of cross-language retrieval: a rendering the collection never uses is dropped, and of the rest those that
/// stand together with the renderings of the query's other phrases win ("copyright … work" → 著作权 … 作品, where the
/// dictionary's first sense would give 版权 … 工作). A query of one phrase keeps the renderings the collection uses, in
/// dictionary order. A rendering the collection never uses may give way to a synonym it does use.
/// </summary>
public sealed class TranslationSelector(TextAnalyzer analyzer, ITermStatistics statistics, SynonymLexicon synonyms, IOptions<QueryExpansionOptions> options)
{
    private readonly QueryExpansionOptions _options = options.Value;

    public IReadOnlyList<Translation> Select(IReadOnlyList<Translation> translations, CancellationToken cancellationToken = default)
    {
        // Nothing to choose between (Chinese→English glosses are one per word): no statistics needed.
        if (_options.KeptRenderings <= 0 || translations.All(t => t.Targets.Count <= 1)) return translations;
        var phrases = translations.Select((t, i) => t.Targets.Select(target => new Rendering(target, Terms(target), i)).Where(r => r.Terms.Count > 0).ToList()).ToList();

        var counts = statistics.CountPassages([[], .. phrases.SelectMany(p => p).Select(r => r.Terms)]);
        var total = counts[0];
        var k = 1;
        foreach (var rendering in phrases.SelectMany(p => p)) rendering.Passages = counts[k++];
        var seen = phrases.Select(p => p.Where(r => r.Passages > 0).ToList()).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        if (_options.SynonymsForUnusedRenderings) AddUsedSynonyms(phrases, seen);
        cancellationToken.ThrowIfCancellationRequested();

        Associate(seen, total);
        return translations.Select((t, i) =>
        {
            // Nothing the collection uses: keep the dictionary's best guess, so the query still says what was asked.
            if (seen[i].Count == 0) return t with { Targets = t.Targets.Take(1).ToList() };
            var chosen = seen[i].Select((r, order) => (r, order)).OrderByDescending(x => x.r.Association).ThenBy(x => x.order)
                .Take(_options.KeptRenderings).Select(x => x.r.Text).ToList();
            return t with { Targets = chosen };
        }).ToList();
    }

    /// <summary>
    /// For each rendering the library does not use, its synonyms from the synonym list that the library does use join
    /// the phrase's candidates: the dictionary knows the concept, the library names it its own way ("industrial park" →
    /// 工业园区, which a library may never write, → 产业园区, which it does). One batch of counts.
    /// </summary>
    private void AddUsedSynonyms(List<List<Rendering>> phrases, List<List<Rendering>> seen)
    {
        var added = new List<Rendering>();
        for (var i = 0; i < phrases.Count; i++)
            foreach (var unused in phrases[i].Where(r => r.Passages == 0))
                if (synonyms.TryGet(unused.Text, out var words))
                    foreach (var word in words)
                        if (!phrases[i].Any(r => r.Text == word) && !added.Any(r => r.Phrase == i && r.Text == word))
                            added.Add(new Rendering(word, Terms(word), i));
        added.RemoveAll(r => r.Terms.Count == 0);
        if (added.Count == 0) return;
        var counts = statistics.CountPassages(added.Select(r => (IReadOnlyList<string>)r.Terms).ToList());
        for (var k = 0; k < added.Count; k++)
        {
            added[k].Passages = counts[k];
            if (counts[k] > 0) seen[added[k].Phrase].Add(added[k]);
        }
    }

    /// <summary>
    /// Each rendering's association with the other phrases: over every other phrase within
    /// <see cref="QueryExpansionOptions.AssociationWindow"/> phrases of it, the strongest pointwise co-occurrence with one
    /// of its renderings, log(1 + N·both / (df·df')). One batch of counts for all pairs. The window keeps the work linear
    /// in the length of the query (every pair of phrases of a pasted page would be quadratic); a question rarely holds
    /// more phrases than the window, so for questions it changes nothing.
    /// </summary>
    private void Associate(List<List<Rendering>> phrases, long total)
    {
        var pairs = new List<(Rendering A, Rendering B)>();
        var window = Math.Max(1, _options.AssociationWindow);
        for (var i = 0; i < phrases.Count; i++)
            for (var j = i + 1; j < phrases.Count && j - i <= window; j++)
                foreach (var a in phrases[i])
                    foreach (var b in phrases[j])
                        pairs.Add((a, b));
        if (pairs.Count == 0) return;
        var both = statistics.CountPassages(pairs.Select(p => (IReadOnlyList<string>)[.. p.A.Terms.Union(p.B.Terms, StringComparer.Ordinal)]).ToList());

        var best = new Dictionary<(Rendering, int), double>();
        for (var p = 0; p < pairs.Count; p++)
        {
            var (a, b) = pairs[p];
            var pmi = Math.Log(1 + total * (double)both[p] / ((double)a.Passages * b.Passages + 1));
            Keep(a, b.Phrase, pmi);
            Keep(b, a.Phrase, pmi);
        }
        foreach (var ((rendering, _), value) in best) rendering.Association += value;

        void Keep(Rendering r, int otherPhrase, double value)
        {
            if (!best.TryGetValue((r, otherPhrase), out var current) || value > current) best[(r, otherPhrase)] = value;
        }
    }

    private List<string> Terms(string text) => analyzer.QueryWords(text).Select(t => t.Text).Distinct(StringComparer.Ordinal).ToList();

    private sealed class Rendering(string text, List<string> terms, int phrase)
    {
        public string Text { get; } = text;
        public List<string> Terms { get; } = terms;
        /// <summary>Index of the query phrase this renders.</summary>
        public int Phrase { get; } = phrase;
        public long Passages { get; set; }
        public double Association { get; set; }
    }
}
