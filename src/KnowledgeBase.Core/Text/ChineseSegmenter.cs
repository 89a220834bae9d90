using JiebaNet.Segmenter;
using JiebaNet.Segmenter.FinalSeg;

namespace KnowledgeBase.Text;

/// <summary>A word found by the segmenter, with its character range in the text that was segmented.</summary>
public readonly record struct Segment(string Word, int Start, int End);

/// <summary>
/// jieba.NET search-mode segmentation with the shipped policy vocabulary and the user's dictionaries.
/// jieba keeps its dictionary in a process-wide singleton that takes most of a second of CPU to build (349k words plus
/// every prefix), so one instance of this class is shared and the load happens once per process, on first use or
/// earlier when a caller that knows it will segment soon calls <see cref="StartLoading"/> (a search process starts it
/// while it builds its services and opens the database). Segmenter objects are per thread because jieba's are not
/// thread-safe.
/// </summary>
public sealed class ChineseSegmenter
{
    private static readonly Lock InitLock = new();
    private static Task? _loading;
    private readonly ResourceFiles _resources;
    private readonly IReadOnlyList<string> _userDictionaries;
    private readonly ThreadLocal<JiebaSegmenter> _segmenter;

    /// <param name="resources">Where jieba's dictionaries and <c>policy_dict.txt</c> live.</param>
    /// <param name="userDictionaries">Additional user dictionary files.</param>
    /// <remarks>Cheap: nothing is read until the first segmentation or <see cref="StartLoading"/>.</remarks>
    public ChineseSegmenter(ResourceFiles resources, IEnumerable<string>? userDictionaries = null)
    {
        _resources = resources;
        _userDictionaries = userDictionaries?.ToList() ?? [];
        _segmenter = new ThreadLocal<JiebaSegmenter>(() => new JiebaSegmenter());
    }

    /// <summary>
    /// Starts loading jieba's dictionaries on a thread of its own, unless that has begun already, and returns the load.
    /// The first instance of this class to load decides the dictionaries for the whole process (jieba's are global).
    /// </summary>
    public Task StartLoading()
    {
        lock (InitLock)
        {
            if (_loading is null)
            {
                var resources = _resources;
                var userDictionaries = _userDictionaries;
                // A dedicated thread: the load is long and must not wait behind a busy thread pool.
                _loading = Task.Factory.StartNew(() => Load(resources, userDictionaries), CancellationToken.None,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            return _loading;
        }
    }

    /// <summary>Completes when the dictionaries are loaded (starting the load if nothing has).</summary>
    public Task Ready => StartLoading();

    private static void Load(ResourceFiles resources, IReadOnlyList<string> userDictionaries)
    {
        ConfigManager.ConfigFileBaseDir = resources.JiebaDirectory;
        // The word dictionary and the HMM tables for unknown words are independent singletons: build them side by side.
        var hmm = Task.Run(() => Viterbi.Instance);
        _ = WordDictionary.Instance;
        hmm.GetAwaiter().GetResult();
        var first = new JiebaSegmenter();
        LoadUserWords(first, resources.PathOf("policy_dict.txt"));
        foreach (var path in userDictionaries) LoadUserWords(first, path);
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

    private JiebaSegmenter Segmenter()
    {
        var loading = StartLoading();
        if (!loading.IsCompletedSuccessfully) loading.GetAwaiter().GetResult();
        return _segmenter.Value!;
    }

    /// <summary>Search-mode segmentation: long words and the shorter words inside them, with ranges.</summary>
    public IEnumerable<Segment> SegmentForSearch(string text)
    {
        foreach (var t in Segmenter().Tokenize(text, TokenizerMode.Search))
            yield return new Segment(t.Word, t.StartIndex, t.EndIndex);
    }

    /// <summary>Default-mode segmentation (longest words only), used to read queries.</summary>
    public IEnumerable<Segment> Segment(string text)
    {
        foreach (var t in Segmenter().Tokenize(text, TokenizerMode.Default))
            yield return new Segment(t.Word, t.StartIndex, t.EndIndex);
    }
}
