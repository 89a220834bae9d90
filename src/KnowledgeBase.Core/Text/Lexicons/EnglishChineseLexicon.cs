namespace KnowledgeBase.Text.Lexicons;

/// <summary>
/// English phrase → Chinese words, from <c>en_zh.tsv</c> (derived from CC-CEDICT, see NOTICE). Keys are lower-case
/// phrases of up to <see cref="MaxPhraseWords"/> words with plurals stemmed as <see cref="EnglishStemmer"/> does;
/// candidates are ranked best first (frequent, primary-sense, multi-character words first).
/// </summary>
public sealed class EnglishChineseLexicon
{
    public const string FileName = "en_zh.tsv";

    private readonly Lazy<Tables> _tables;

    public EnglishChineseLexicon(IEnumerable<KeyValuePair<string, string[]>> phrases)
    {
        _tables = new Lazy<Tables>(Tables.Build(phrases));
    }

    private EnglishChineseLexicon(Func<Tables> build)
    {
        _tables = new Lazy<Tables>(build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Longest phrase (in words) the lexicon holds.</summary>
    public int MaxPhraseWords => _tables.Value.MaxPhraseWords;

    /// <summary>Number of phrases.</summary>
    public int Count => _tables.Value.Phrases.Count;

    /// <summary>
    /// A lexicon over <c>en_zh.tsv</c>. The file (80k phrases, a noticeable share of a search process's start-up) is
    /// read on first use, so a query without English words never reads it.
    /// </summary>
    public static EnglishChineseLexicon Load(ResourceFiles resources) => new(() => Tables.Build(ReadTsv(resources, FileName, ' ')));

    /// <summary>True once the table has been built (a lexicon read from its file builds it on first use).</summary>
    public bool IsLoaded => _tables.IsValueCreated;

    /// <summary>Builds the tables on a thread-pool thread now, so the first lookup does not wait for the file.</summary>
    public Task Preload() => _tables.IsValueCreated ? Task.CompletedTask : Task.Run(() => _tables.Value);

    /// <summary>Chinese candidates for a normalised (lower-case, stemmed, single-spaced) phrase, best first.</summary>
    public bool TryGet(string phrase, out string[] candidates) => _tables.Value.Phrases.TryGetValue(phrase, out candidates!);

    /// <summary>True when some phrase contains this (stemmed) word.</summary>
    public bool Knows(string word) => _tables.Value.Vocabulary.Contains(word);

    private sealed record Tables(Dictionary<string, string[]> Phrases, HashSet<string> Vocabulary, int MaxPhraseWords)
    {
        public static Tables Build(IEnumerable<KeyValuePair<string, string[]>> phrases)
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
            // Plain hash tables: built once, read-only afterwards; freezing 80k keys costs more than it saves.
            return new Tables(
                merged.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal),
                merged.Keys.SelectMany(k => k.Split(' ')).ToHashSet(StringComparer.Ordinal),
                merged.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max());
        }
    }

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
