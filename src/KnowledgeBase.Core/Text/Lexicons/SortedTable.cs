namespace KnowledgeBase.Text.Lexicons;

/// <summary>
/// A read-only "key TAB value SEP value …" table kept as its own text, with the entry lines ordered by key and looked up
/// by binary search. A search process consults a lexicon for a handful of words, so building a hash table of all 80k
/// entries (a string and an array each, most of them never read) cost it 120–460 ms; indexing the lines costs a few.
/// </summary>
/// <remarks>
/// Lines that are blank, start with <c>#</c> or hold no key before a tab are not entries. The shipped files are written
/// in key order, which is checked; any other file is ordered on load. Lines with the same key are merged in file order.
/// </remarks>
internal sealed class SortedTable
{
    private readonly string _text;
    private readonly int[] _lines;
    private readonly char _separator;

    private SortedTable(string text, int[] lines, char separator)
    {
        _text = text;
        _lines = lines;
        _separator = separator;
        for (var i = 0; i < lines.Length; i++)
        {
            var key = Key(i);
            if (i == 0 || !key.SequenceEqual(Key(i - 1))) KeyCount++;
            MaxKeyWords = Math.Max(MaxKeyWords, key.Count(' ') + 1);
        }
    }

    /// <summary>Number of distinct keys.</summary>
    public int KeyCount { get; }

    /// <summary>Most space-separated words in one key (1 for an empty table).</summary>
    public int MaxKeyWords { get; } = 1;

    /// <summary>Reads a UTF-8 file; a missing file gives an empty table.</summary>
    public static SortedTable Read(string path, char separator) =>
        Parse(File.Exists(path) ? File.ReadAllText(path) : "", separator);

    /// <summary>Indexes the entry lines of <paramref name="text"/>.</summary>
    public static SortedTable Parse(string text, char separator)
    {
        var starts = new List<int>();
        var sorted = true;
        for (var at = 0; at < text.Length;)
        {
            var end = text.AsSpan(at).IndexOf('\n');
            end = end < 0 ? text.Length : at + end;
            var line = Trim(text, at, end);
            if (line.Length > 0 && text[line.Start] != '#' && text.AsSpan(line.Start, line.Length).IndexOf('\t') > 0)
            {
                if (starts.Count > 0 && KeyAt(text, starts[^1]).SequenceCompareTo(KeyAt(text, line.Start)) > 0) sorted = false;
                starts.Add(line.Start);
            }
            at = end + 1;
        }
        var lines = starts.ToArray();
        // Ordering by position among equal keys keeps their file order (Array.Sort is not stable).
        if (!sorted) Array.Sort(lines, (a, b) => KeyAt(text, a).SequenceCompareTo(KeyAt(text, b)) is var c && c != 0 ? c : a.CompareTo(b));
        return new SortedTable(text, lines, separator);
    }

    /// <summary>
    /// The values of <paramref name="key"/> (ordinal match), in file order, trimmed, empty ones and repeats dropped;
    /// empty when the key is absent.
    /// </summary>
    public string[] Values(ReadOnlySpan<char> key)
    {
        int lo = 0, hi = _lines.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Key(mid).SequenceCompareTo(key) < 0) lo = mid + 1;
            else hi = mid;
        }
        List<string>? values = null;
        for (var i = lo; i < _lines.Length && Key(i).SequenceEqual(key); i++)
        {
            var start = _lines[i] + Key(i).Length + 1;
            var end = _text.AsSpan(start).IndexOfAny('\n', '\r');
            foreach (var range in _text.AsSpan(start, end < 0 ? _text.Length - start : end).Split(_separator))
            {
                var value = _text.AsSpan(start)[range].Trim();
                if (value.Length == 0) continue;
                values ??= [];
                var text = value.ToString();
                if (!values.Contains(text)) values.Add(text);
            }
        }
        return values is null ? [] : [.. values];
    }

    private ReadOnlySpan<char> Key(int index) => KeyAt(_text, _lines[index]);

    private static ReadOnlySpan<char> KeyAt(string text, int start)
    {
        var span = text.AsSpan(start);
        return span[..span.IndexOf('\t')];
    }

    /// <summary>The line between <paramref name="start"/> and <paramref name="end"/> without surrounding white space or a byte-order mark.</summary>
    private static (int Start, int Length) Trim(string text, int start, int end)
    {
        while (start < end && (char.IsWhiteSpace(text[start]) || text[start] == '\uFEFF')) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return (start, end - start);
    }
}
