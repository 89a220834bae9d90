using System.Collections.Frozen;

namespace KnowledgeBase.Text;

/// <summary>Function words (jieba's list, Chinese and English) that carry no retrieval signal.</summary>
public sealed class StopWords(IEnumerable<string> words)
{
    private readonly FrozenSet<string> _words = words.Select(w => w.Trim().ToLowerInvariant()).Where(w => w.Length > 0).ToFrozenSet(StringComparer.Ordinal);

    public static StopWords Load(ResourceFiles resources) =>
        new(File.Exists(Path.Combine(resources.JiebaDirectory, "stopwords.txt"))
            ? File.ReadLines(Path.Combine(resources.JiebaDirectory, "stopwords.txt"))
            : []);

    public bool Contains(string term) => _words.Contains(term);
}
