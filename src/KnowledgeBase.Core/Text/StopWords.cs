using System.Collections.Frozen;

namespace KnowledgeBase.Text;

/// <summary>Function words (jieba's list, Chinese and English) that carry no retrieval signal.</summary>
public sealed class StopWords(IEnumerable<string> words)
{
    public const string FileName = "stopwords.txt";

    private readonly FrozenSet<string> _words = words.Select(w => w.Trim().ToLowerInvariant()).Where(w => w.Length > 0).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>jieba's list; a missing file throws <see cref="MissingResourceFileException"/> (an empty list would index every function word).</summary>
    public static StopWords Load(ResourceFiles resources) =>
        new(File.ReadLines(MissingResourceFileException.ThrowIfMissing(Path.Combine(resources.JiebaDirectory, FileName))));

    public bool Contains(string term) => _words.Contains(term);

    /// <summary>The words in ordinal order, for <see cref="TextAnalyzer.Fingerprint"/>.</summary>
    public IEnumerable<string> Ordered => _words.Order(StringComparer.Ordinal);
}
