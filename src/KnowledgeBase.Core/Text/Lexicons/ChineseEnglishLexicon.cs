namespace KnowledgeBase.Text.Lexicons;

/// <summary>
/// Simplified Chinese word → short English glosses, from <c>zh_en.tsv</c> (derived from CC-CEDICT, see NOTICE),
/// in dictionary order (primary sense first). A lexicon read from the file builds its table on first lookup (or when
/// <see cref="Preload"/> asks for it in the background), so a process that never translates never reads the file.
/// </summary>
public sealed class ChineseEnglishLexicon
{
    public const string FileName = "zh_en.tsv";

    private readonly Lazy<Dictionary<string, string[]>> _glosses;

    public ChineseEnglishLexicon(IEnumerable<KeyValuePair<string, string[]>> entries)
    {
        _glosses = new Lazy<Dictionary<string, string[]>>(Build(entries));
    }

    private ChineseEnglishLexicon(Func<Dictionary<string, string[]>> build)
    {
        _glosses = new Lazy<Dictionary<string, string[]>>(build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public int Count => _glosses.Value.Count;

    /// <summary>A lexicon over <c>zh_en.tsv</c>; the file is read on first use.</summary>
    public static ChineseEnglishLexicon Load(ResourceFiles resources) =>
        new(() => Build(EnglishChineseLexicon.ReadTsv(resources, FileName, ';')));

    /// <summary>True once the table has been built (a lexicon read from its file builds it on first use).</summary>
    public bool IsLoaded => _glosses.IsValueCreated;

    /// <summary>Builds the table on a thread-pool thread now, so the first lookup does not wait for the file.</summary>
    public Task Preload() => _glosses.IsValueCreated ? Task.CompletedTask : Task.Run(() => _glosses.Value);

    /// <summary>English glosses of a simplified Chinese word, primary sense first.</summary>
    public bool TryGet(string word, out string[] glosses) => _glosses.Value.TryGetValue(word, out glosses!);

    /// <summary>Entries of the same word are merged in file order, duplicates dropped (first occurrence kept).</summary>
    private static Dictionary<string, string[]> Build(IEnumerable<KeyValuePair<string, string[]>> entries)
    {
        var merged = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (word, glosses) in entries)
        {
            if (!merged.TryGetValue(word, out var list)) merged[word] = list = new List<string>(glosses.Length);
            foreach (var gloss in glosses) if (!list.Contains(gloss)) list.Add(gloss);
        }
        var table = new Dictionary<string, string[]>(merged.Count, StringComparer.Ordinal);
        foreach (var (word, list) in merged) table[word] = [.. list];
        return table;
    }
}
