namespace KnowledgeBase.Text;

/// <summary>
/// Traditional→simplified single-character map, read from <c>variants_t2s.txt</c> ("繁 简" per line),
/// which is derived from CC-CEDICT (see NOTICE). Characters are folded one for one, so offsets survive.
/// </summary>
public static class ChineseVariants
{
    public const string FileName = "variants_t2s.txt";

    public static IReadOnlyDictionary<char, char> Load(ResourceFiles resources)
    {
        var map = new Dictionary<char, char>();
        foreach (var line in resources.ReadLines(FileName))
        {
            var parts = line.Split(' ', '\t');
            if (parts.Length >= 2 && parts[0].Length == 1 && parts[1].Length == 1) map[parts[0][0]] = parts[1][0];
        }
        return map;
    }
}
