using JiebaNet.Segmenter;

namespace KnowledgeBase.Text;

/// <summary>A word found by the segmenter, with its character range in the text that was segmented.</summary>
public readonly record struct Segment(string Word, int Start, int End);

/// <summary>
/// jieba.NET search-mode segmentation with the shipped policy vocabulary and the user's dictionaries.
/// jieba keeps its dictionary in a process-wide singleton that takes about a second to load, so one
/// instance of this class is shared; segmenter objects are per thread because jieba's are not thread-safe.
/// </summary>
public sealed class ChineseSegmenter
{
    private static readonly Lock InitLock = new();
    private static bool _dictionaryLoaded;
    private readonly ThreadLocal<JiebaSegmenter> _segmenter;

    /// <param name="resources">Where jieba's dictionaries and <c>policy_dict.txt</c> live.</param>
    /// <param name="userDictionaries">Additional user dictionary files.</param>
    public ChineseSegmenter(ResourceFiles resources, IEnumerable<string>? userDictionaries = null)
    {
        lock (InitLock)
        {
            if (!_dictionaryLoaded)
            {
                ConfigManager.ConfigFileBaseDir = resources.JiebaDirectory;
                var first = new JiebaSegmenter();
                LoadUserWords(first, resources.PathOf("policy_dict.txt"));
                foreach (var path in userDictionaries ?? []) LoadUserWords(first, path);
                _dictionaryLoaded = true;
            }
        }
        _segmenter = new ThreadLocal<JiebaSegmenter>(() => new JiebaSegmenter());
    }

    private static void LoadUserWords(JiebaSegmenter segmenter, string path)
    {
        if (!File.Exists(path)) return;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var freq = parts.Length > 1 && int.TryParse(parts[1], out var f) ? f : 0;
            segmenter.AddWord(parts[0], freq, parts.Length > 2 ? parts[2] : null);
        }
    }

    /// <summary>Search-mode segmentation: long words and the shorter words inside them, with ranges.</summary>
    public IEnumerable<Segment> SegmentForSearch(string text)
    {
        foreach (var t in _segmenter.Value!.Tokenize(text, TokenizerMode.Search))
            yield return new Segment(t.Word, t.StartIndex, t.EndIndex);
    }

    /// <summary>Default-mode segmentation (longest words only), used to read queries.</summary>
    public IEnumerable<Segment> Segment(string text)
    {
        foreach (var t in _segmenter.Value!.Tokenize(text, TokenizerMode.Default))
            yield return new Segment(t.Word, t.StartIndex, t.EndIndex);
    }
}
