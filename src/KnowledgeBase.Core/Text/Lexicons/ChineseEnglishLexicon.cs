namespace KnowledgeBase.Text.Lexicons;

/// <summary>
/// Simplified Chinese word → short English glosses, from <c>zh_en.tsv</c> (derived from CC-CEDICT, see NOTICE),
/// in dictionary order (primary sense first).
/// </summary>
public sealed class ChineseEnglishLexicon(IEnumerable<KeyValuePair<string, string[]>> entries)
{
    public const string FileName = "zh_en.tsv";

    private readonly Dictionary<string, string[]> _glosses = entries
        .GroupBy(kv => kv.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.SelectMany(kv => kv.Value).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    public int Count => _glosses.Count;

    public static ChineseEnglishLexicon Load(ResourceFiles resources) => new(EnglishChineseLexicon.ReadTsv(resources, FileName, ';'));

    /// <summary>English glosses of a simplified Chinese word, primary sense first.</summary>
    public bool TryGet(string word, out string[] glosses) => _glosses.TryGetValue(word, out glosses!);
}
