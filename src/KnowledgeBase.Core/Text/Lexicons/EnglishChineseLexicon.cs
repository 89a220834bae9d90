namespace KnowledgeBase.Text.Lexicons;

/// <summary>
/// English phrase → Chinese words, from <c>en_zh.tsv</c> (derived from CC-CEDICT and ECDICT, see NOTICE). Keys are
/// lower-case phrases with plurals stemmed as <see cref="EnglishStemmer"/> does; candidates are ranked best first.
/// </summary>
public sealed class EnglishChineseLexicon
{
    public const string FileName = "en_zh.tsv";

    private const char Separator = ' ';

    private readonly Lazy<SortedTable> _phrases;

    /// <summary>
    /// A lexicon over the given phrases, normalised here (lower case, plurals stemmed, single spaces) so that lookups
    /// meet them; candidates of the same phrase are merged in order, repeats dropped.
    /// </summary>
    public EnglishChineseLexicon(IEnumerable<KeyValuePair<string, string[]>> phrases)
    {
        var lines = new System.Text.StringBuilder();
        foreach (var (phrase, candidates) in phrases)
        {
            var key = string.Join(' ', EnglishWords.Split(phrase).Select(EnglishStemmer.Stem));
            if (key.Length > 0) lines.Append(key).Append('\t').AppendJoin(Separator, candidates).Append('\n');
        }
        _phrases = new Lazy<SortedTable>(SortedTable.Parse(lines.ToString(), Separator));
    }

    private EnglishChineseLexicon(Func<SortedTable> read)
    {
        _phrases = new Lazy<SortedTable>(read, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// True when the lexicon holds a phrase that continues <paramref name="phrase"/> by more words ("industrial" →
    /// "industrial park"): a longest-match lookup stops extending a phrase when this is false.
    /// </summary>
    public bool HasLongerPhrase(string phrase) => _phrases.Value.HasKeyStartingWith(phrase + " ");

    /// <summary>Number of phrases.</summary>
    public int Count => _phrases.Value.KeyCount;

    /// <summary>
    /// A lexicon over <c>en_zh.tsv</c>, read on first use, so a query without English words never reads it. The file's
    /// phrases are normalised already by the tool that writes it (a test checks every one).
    /// </summary>
    public static EnglishChineseLexicon Load(ResourceFiles resources) => new(() => SortedTable.Read(resources.PathOf(FileName), Separator));

    /// <summary>True once the file has been read (a lexicon read from its file reads it on first use).</summary>
    public bool IsLoaded => _phrases.IsValueCreated;

    /// <summary>Reads the file on a thread-pool thread now, so the first lookup does not wait for it.</summary>
    public Task Preload() => _phrases.IsValueCreated ? Task.CompletedTask : Task.Run(() => _phrases.Value);

    /// <summary>Chinese candidates for a normalised (lower-case, stemmed, single-spaced) phrase, best first.</summary>
    public bool TryGet(string phrase, out string[] candidates)
    {
        candidates = _phrases.Value.Values(phrase);
        return candidates.Length > 0;
    }
}
