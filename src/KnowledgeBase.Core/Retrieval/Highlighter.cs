using KnowledgeBase.Text;

namespace KnowledgeBase.Retrieval;

/// <summary>
/// Finds the character ranges of a passage that match the query. Works on the normalised passage, whose
/// offsets equal the original's (see <see cref="CharNormalizer"/>). Han terms match anywhere; Latin terms
/// only at word boundaries, with a plural or stem allowed after them. For Han text of the query that the
/// words missed, the longest common stretches of two or more characters are marked too, mirroring the bigram signal.
/// </summary>
public sealed class Highlighter(CharNormalizer normalizer)
{
    public IReadOnlyList<int[]> Find(string passage, IReadOnlyList<string> terms)
    {
        var text = normalizer.Normalize(passage);
        var marked = new bool[text.Length];
        foreach (var term in terms)
        {
            if (term.Length == 0) continue;
            if (CharClass.ContainsHan(term)) MarkHan(text, term, marked);
            else MarkLatin(text, term, marked);
        }
        return ToRanges(marked);
    }

    private static void MarkHan(string text, string term, bool[] marked)
    {
        // Whole term first; then every stretch of >= 2 characters of the term that occurs in the text.
        for (var length = term.Length; length >= Math.Min(2, term.Length); length--)
        {
            for (var start = 0; start + length <= term.Length; start++)
            {
                var piece = term.AsSpan(start, length);
                if (!AllHan(piece)) continue;
                var from = 0;
                while (from < text.Length)
                {
                    var hit = text.AsSpan(from).IndexOf(piece, StringComparison.Ordinal);
                    if (hit < 0) break;
                    hit += from;
                    Array.Fill(marked, true, hit, length);
                    from = hit + length;
                }
            }
        }
    }

    private static bool AllHan(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!CharClass.IsHan(c)) return false;
        return true;
    }

    private static void MarkLatin(string text, string term, bool[] marked)
    {
        // A stemmed term ("policy" from "policies") is matched as a prefix up to the end of the word.
        var stem = term.EndsWith('y') && term.Length > 3 ? term[..^1] : term;
        var from = 0;
        while (from < text.Length)
        {
            var hit = text.IndexOf(stem, from, StringComparison.Ordinal);
            if (hit < 0) break;
            var end = hit + stem.Length;
            var startsWord = hit == 0 || !char.IsLetterOrDigit(text[hit - 1]);
            var wordEnd = end;
            while (wordEnd < text.Length && char.IsLetter(text[wordEnd]) && !CharClass.IsHan(text[wordEnd])) wordEnd++;
            if (startsWord && wordEnd - end <= 3) Array.Fill(marked, true, hit, wordEnd - hit);
            from = end;
        }
    }

    /// <summary>The ranges of <paramref name="highlights"/> and <paramref name="more"/> together, merged and in order.</summary>
    public static IReadOnlyList<int[]> Union(IReadOnlyList<int[]> highlights, IEnumerable<(int Start, int End)> more, int length)
    {
        var marked = new bool[length];
        foreach (var range in highlights) Array.Fill(marked, true, range[0], range[1] - range[0]);
        foreach (var (start, end) in more)
            if (start >= 0 && end <= length && start < end) Array.Fill(marked, true, start, end - start);
        return ToRanges(marked);
    }

    private static List<int[]> ToRanges(bool[] marked)
    {
        var ranges = new List<int[]>();
        var i = 0;
        while (i < marked.Length)
        {
            if (!marked[i]) { i++; continue; }
            var start = i;
            while (i < marked.Length && marked[i]) i++;
            ranges.Add([start, i]);
        }
        return ranges;
    }
}
