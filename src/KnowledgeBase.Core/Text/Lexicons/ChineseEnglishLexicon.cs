namespace KnowledgeBase.Text.Lexicons;

/// <summary>
/// Simplified Chinese word → short English glosses, from <c>zh_en.tsv</c> (derived from CC-CEDICT, see NOTICE),
/// in dictionary order (primary sense first). A lexicon read from the file reads it on first lookup (or when
/// <see cref="Preload"/> asks for it in the background), so a process that never translates never reads the file.
/// </summary>
public sealed class ChineseEnglishLexicon
{
    public const string FileName = "zh_en.tsv";
    private const char Separator = ';';

    private readonly Lazy<SortedTable> _glosses;

    /// <summary>A lexicon over the given entries; entries of the same word are merged in order, repeats dropped.</summary>
    public ChineseEnglishLexicon(IEnumerable<KeyValuePair<string, string[]>> entries)
    {
        var table = SortedTable.Parse(string.Concat(entries.Select(e => $"{e.Key}\t{string.Join(Separator, e.Value)}\n")), Separator);
        _glosses = new Lazy<SortedTable>(table);
    }

    private ChineseEnglishLexicon(Func<SortedTable> read)
    {
        _glosses = new Lazy<SortedTable>(read, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Number of distinct words.</summary>
    public int Count => _glosses.Value.KeyCount;

    /// <summary>A lexicon over <c>zh_en.tsv</c>; the file is read on first use.</summary>
    public static ChineseEnglishLexicon Load(ResourceFiles resources) =>
        new(() => SortedTable.Read(resources.PathOf(FileName), Separator));

    /// <summary>True once the file has been read (a lexicon read from its file reads it on first use).</summary>
    public bool IsLoaded => _glosses.IsValueCreated;

    /// <summary>Reads the file on a thread-pool thread now, so the first lookup does not wait for it.</summary>
    public Task Preload() => _glosses.IsValueCreated ? Task.CompletedTask : Task.Run(() => _glosses.Value);

    /// <summary>English glosses of a simplified Chinese word, primary sense first.</summary>
    public bool TryGet(string word, out string[] glosses)
    {
        glosses = _glosses.Value.Values(word);
        return glosses.Length > 0;
    }
}
