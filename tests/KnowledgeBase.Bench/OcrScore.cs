using System.Text;

namespace KnowledgeBase.Bench;

/// <summary>
/// The character error rate OCR is judged by: Levenshtein distance over Han characters, digits and Latin letters
/// (full-width forms folded to ASCII; punctuation and whitespace dropped, since the reference text layer and a
/// recogniser disagree on those without either being wrong for search) divided by the reference's length.
/// </summary>
internal static class OcrScore
{
    /// <summary>The characters the rate counts, in order.</summary>
    public static string Countable(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            var c = ch is >= '\uFF10' and <= '\uFF5A' ? (char)(ch - 0xFEE0) : ch;
            if (IsHan(c) || char.IsAsciiLetterOrDigit(c)) kept.Append(c);
        }
        return kept.ToString();
    }

    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';

    /// <summary>Edit distance between the countable characters of the two texts, and the reference's countable length.</summary>
    public static (int Errors, int Length) Errors(string reference, string recognised)
    {
        var a = Countable(reference);
        var b = Countable(recognised);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return (previous[b.Length], a.Length);
    }

    public static double CharacterErrorRate(string reference, string recognised)
    {
        var (errors, length) = Errors(reference, recognised);
        return length == 0 ? 0 : (double)errors / length;
    }
}
