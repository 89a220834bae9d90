using System.Security.Cryptography;
using System.Text;
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
    private readonly Lazy<byte[]> _fingerprint;

    /// <summary>jieba's files that decide how text is cut into words: the word dictionary and the HMM tables for unknown words.</summary>
    public static readonly IReadOnlyList<string> JiebaSegmentationFiles = ["dict.txt", "prob_emit.json", "prob_trans.json"];

    /// <summary>The shipped policy vocabulary, loaded as a user dictionary before the configured ones.</summary>
    public const string PolicyDictionaryFileName = "policy_dict.txt";

    /// <param name="resources">Where jieba's dictionaries and <c>policy_dict.txt</c> live.</param>
    /// <param name="userDictionaries">Additional user dictionary files.</param>
    /// <remarks>Cheap: nothing is read until the first segmentation or <see cref="StartLoading"/>.</remarks>
    public ChineseSegmenter(ResourceFiles resources, IEnumerable<string>? userDictionaries = null)
    {
        _resources = resources;
        _userDictionaries = userDictionaries?.ToList() ?? [];
        _segmenter = new ThreadLocal<JiebaSegmenter>(() => new JiebaSegmenter());
        _fingerprint = new Lazy<byte[]>(ComputeFingerprint);
    }

    /// <summary>
    /// SHA-256 of what decides this segmenter's words: jieba.NET's version, its segmentation files, the policy vocabulary
    /// and the user dictionaries (contents, in load order). Part of <see cref="TextAnalyzer.Fingerprint"/>. Throws
    /// <see cref="MissingResourceFileException"/> when one of the files is missing.
    /// </summary>
    public ReadOnlyMemory<byte> Fingerprint => _fingerprint.Value;

    private byte[] ComputeFingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"jieba.NET {typeof(JiebaSegmenter).Assembly.GetName().Version}\n"));
        foreach (var path in FilesToLoad(_resources, _userDictionaries))
        {
            var bytes = File.ReadAllBytes(path);
            // Length-prefixed, so moving a line from one file to the next changes the hash.
            hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
            hash.AppendData(bytes);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>Every file the load reads, in order, each checked to exist (a missing one throws with its path).</summary>
    private static IEnumerable<string> FilesToLoad(ResourceFiles resources, IReadOnlyList<string> userDictionaries)
    {
        foreach (var name in JiebaSegmentationFiles)
            yield return MissingResourceFileException.ThrowIfMissing(Path.Combine(resources.JiebaDirectory, name));
        yield return resources.Require(PolicyDictionaryFileName);
        foreach (var path in userDictionaries) yield return MissingResourceFileException.ThrowIfUserDictionaryMissing(path);
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
        // jieba.NET does not fail on a missing dictionary (it segments with an empty one): check every file first.
        _ = FilesToLoad(resources, userDictionaries).ToList();
        ConfigManager.ConfigFileBaseDir = resources.JiebaDirectory;
        // The word dictionary and the HMM tables for unknown words are independent singletons: build them side by side.
        var hmm = Task.Run(() => Viterbi.Instance);
        _ = WordDictionary.Instance;
        hmm.GetAwaiter().GetResult();
        var first = new JiebaSegmenter();
        LoadUserWords(first, resources.PathOf(PolicyDictionaryFileName));
        foreach (var path in userDictionaries) LoadUserWords(first, path);
    }

    private static void LoadUserWords(JiebaSegmenter segmenter, string path)
    {
        foreach (var line in ResourceFiles.ReadDataLines(path))
        {
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
