using System.Text;

namespace KnowledgeBase.Text.Lexicons;

/// <summary>
/// A read-only "key TAB value SEP value …" table kept as its own UTF-8 bytes, lines ordered by key, looked up by
/// binary search over byte offsets (as Unix <c>look</c> searches a sorted file). A search process consults a lexicon
/// for a handful of words, so nothing is built on load: not a hash table of all entries (120–460 ms for 80k), not a
/// decoded copy of the text (100 ms for the 7 MB English→Chinese table), not even an index of its lines (25–75 ms);
/// reading the bytes is the whole cost, and only the values of the keys looked up are decoded.
/// </summary>
/// <remarks>
/// A file must hold its entry lines in byte order of their keys (code-point order), as tools/lexicons/build.mjs writes
/// them; lines with the same key are merged in file order. Comment (<c>#</c>) and blank lines may only head the file.
/// Tables built from entries in code (<see cref="Parse"/>) are put in order here.
/// </remarks>
internal sealed class SortedTable
{
    private readonly byte[] _text;
    private readonly int _firstEntry;
    private readonly char _separator;
    private readonly Lazy<int> _keyCount;

    private SortedTable(byte[] text, char separator)
    {
        _text = text;
        _separator = separator;
        _firstEntry = SkipHeader(text);
        _keyCount = new Lazy<int>(CountKeys);
    }

    /// <summary>Number of distinct keys (counted on first use: a full pass over the table).</summary>
    public int KeyCount => _keyCount.Value;

    /// <summary>
    /// Reads a UTF-8 file whose entry lines are in key order. A missing file throws <see cref="MissingResourceFileException"/>
    /// with its path: an empty lexicon would quietly turn off what it serves (English queries, Chinese→English expansion).
    /// </summary>
    public static SortedTable Read(string path, char separator) =>
        new(File.ReadAllBytes(MissingResourceFileException.ThrowIfMissing(path)), separator);

    /// <summary>
    /// A table over the entry lines of <paramref name="text"/> in any order: lines without a key before a tab, blank
    /// and comment lines are dropped, the rest ordered by key (stable, so repeated keys keep their order).
    /// </summary>
    public static SortedTable Parse(string text, char separator)
    {
        var entries = text.Split('\n')
            .Select(line => line.Trim().TrimStart('\uFEFF'))
            .Where(line => line.Length > 0 && line[0] != '#' && line.IndexOf('\t') > 0)
            .Select(line => Encoding.UTF8.GetBytes(line))
            .OrderBy(line => line.AsSpan(0, line.AsSpan().IndexOf((byte)'\t')).ToArray(), ByteOrder.Instance);
        var bytes = new List<byte>();
        foreach (var line in entries) { bytes.AddRange(line); bytes.Add((byte)'\n'); }
        return new SortedTable([.. bytes], separator);
    }

    /// <summary>
    /// The values of <paramref name="key"/> (ordinal match), in file order, trimmed, empty ones and repeats dropped;
    /// empty when the key is absent.
    /// </summary>
    public string[] Values(string key)
    {
        var utf8 = Encoding.UTF8.GetBytes(key);
        List<string>? values = null;
        for (var line = LowerBound(utf8); line < _text.Length && KeyAt(line).SequenceEqual(utf8); line = NextLine(line))
        {
            if (!IsEntry(line)) continue;
            var start = line + utf8.Length + 1;
            var end = _text.AsSpan(start).IndexOfAny((byte)'\n', (byte)'\r');
            var text = Encoding.UTF8.GetString(_text, start, end < 0 ? _text.Length - start : end);
            foreach (var value in text.Split(_separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                values ??= [];
                if (!values.Contains(value)) values.Add(value);
            }
        }
        return values is null ? [] : [.. values];
    }

    /// <summary>True when some key starts with <paramref name="prefix"/> (ordinal): a longer phrase may still match.</summary>
    public bool HasKeyStartingWith(string prefix)
    {
        var utf8 = Encoding.UTF8.GetBytes(prefix);
        var line = LowerBound(utf8);
        return line < _text.Length && KeyAt(line).StartsWith(utf8);
    }

    /// <summary>Start of the first entry line whose key is not less than <paramref name="key"/>; the table's length when none is.</summary>
    private int LowerBound(ReadOnlySpan<byte> key)
    {
        // lo and hi are line starts; every line before lo has a smaller key, every line from hi on a key not smaller.
        int lo = _firstEntry, hi = _text.Length;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            var line = lo + _text.AsSpan(lo, mid - lo).LastIndexOf((byte)'\n') + 1;
            if (KeyAt(line).SequenceCompareTo(key) < 0) lo = NextLine(line);
            else hi = line;
        }
        return lo;
    }

    private int NextLine(int line)
    {
        var end = _text.AsSpan(line).IndexOf((byte)'\n');
        return end < 0 ? _text.Length : line + end + 1;
    }

    /// <summary>An entry line has a key and a tab after it; any other line is skipped.</summary>
    private bool IsEntry(int line)
    {
        var key = KeyAt(line);
        return key.Length > 0 && line + key.Length < _text.Length && _text[line + key.Length] == '\t';
    }

    /// <summary>The key of the line at <paramref name="line"/>: up to its tab (a line without one is all key).</summary>
    private ReadOnlySpan<byte> KeyAt(int line)
    {
        var span = _text.AsSpan(line);
        var end = span.IndexOfAny((byte)'\t', (byte)'\n');
        return end < 0 ? span : span[..end];
    }

    private int CountKeys()
    {
        var count = 0;
        var previous = ReadOnlySpan<byte>.Empty;
        for (var line = _firstEntry; line < _text.Length; line = NextLine(line))
        {
            var key = KeyAt(line);
            if (!IsEntry(line) || (count > 0 && key.SequenceEqual(previous))) continue;
            count++;
            previous = key;
        }
        return count;
    }

    /// <summary>Start of the first line after a byte-order mark and the comment and blank lines that head the file.</summary>
    private static int SkipHeader(byte[] text)
    {
        var at = text.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        while (at < text.Length && text[at] is (byte)'#' or (byte)'\n' or (byte)'\r')
        {
            var end = text.AsSpan(at).IndexOf((byte)'\n');
            at = end < 0 ? text.Length : at + end + 1;
        }
        return at;
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
