namespace KnowledgeBase.Text.Lexicons;

/// <summary>
/// Word → words that mean the same, from groups of synonyms: the curated policy list (<c>policy_synonyms.txt</c>:
/// one group per line, everyday and official wording side by side) and the '=' groups of the Cilin thesaurus that
/// jieba.NET ships (<c>cn_synonym.txt</c>, e.g. "Dj07A01= 工资 工钱 工薪 薪资"). Cilin's '#' (related) and '@'
/// (no synonyms) lines are ignored, as are groups too large to be precise and single-character words, which are
/// ambiguous in isolation.
/// </summary>
public sealed class SynonymLexicon
{
    public const string PolicyFileName = "policy_synonyms.txt";
    public const string CilinFileName = "cn_synonym.txt";

    private readonly Dictionary<string, string[]> _synonyms;

    /// <param name="groups">Synonym groups, the most trusted first: a word's synonyms keep this order.</param>
    /// <param name="maxPerWord">Most synonyms kept per word.</param>
    public SynonymLexicon(IEnumerable<IReadOnlyList<string>> groups, int maxPerWord = 8)
    {
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var word in group)
            {
                if (!map.TryGetValue(word, out var list)) map[word] = list = [];
                foreach (var other in group)
                    if (other != word && !list.Contains(other) && list.Count < maxPerWord) list.Add(other);
            }
        }
        _synonyms = map.Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    public int Count => _synonyms.Count;

    /// <summary>Synonyms of a normalised word, the most trusted first.</summary>
    public bool TryGet(string word, out string[] synonyms) => _synonyms.TryGetValue(word, out synonyms!);

    /// <summary>Groups of the curated policy list, one per line, words separated by spaces (normalised with <paramref name="normalizer"/>).</summary>
    public static IEnumerable<IReadOnlyList<string>> ReadPolicyGroups(ResourceFiles resources, CharNormalizer normalizer) =>
        resources.ReadLines(PolicyFileName)
            .Select(line => (IReadOnlyList<string>)line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(normalizer.Normalize).Distinct().ToList())
            .Where(g => g.Count > 1);

    /// <summary>
    /// The '=' groups of jieba's Cilin thesaurus with at most <paramref name="maxGroupSize"/> words of two or more characters.
    /// </summary>
    public static IEnumerable<IReadOnlyList<string>> ReadCilinGroups(ResourceFiles resources, CharNormalizer normalizer, int maxGroupSize)
    {
        var path = MissingResourceFileException.ThrowIfMissing(Path.Combine(resources.JiebaDirectory, CilinFileName));
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            var space = line.IndexOf(' ');
            if (space < 1 || line[space - 1] != '=') continue;
            var words = line[(space + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length >= 2).Select(normalizer.Normalize).Distinct().ToList();
            if (words.Count > 1 && words.Count <= maxGroupSize) yield return words;
        }
    }
}
