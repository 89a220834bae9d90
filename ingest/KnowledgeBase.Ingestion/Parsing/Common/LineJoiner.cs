using System.Text;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Joins the visual lines of one paragraph into running text: a break between Chinese characters (or Chinese and
/// its punctuation) disappears, a break between English words becomes one space, and a word hyphenated across the
/// line end ("informa-" + "tion") is rejoined.
/// </summary>
public static class LineJoiner
{
    /// <summary>Joins <paramref name="lines"/> (already trimmed or not) into one paragraph.</summary>
    public static string Join(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            Append(text, line);
        }
        return text.ToString();
    }

    /// <summary>Appends <paramref name="line"/> to <paramref name="text"/> with the right glue.</summary>
    public static void Append(StringBuilder text, string line)
    {
        if (text.Length == 0)
        {
            text.Append(line);
            return;
        }
        var last = text[^1];
        var first = line[0];
        if (IsHyphenatedWordEnd(text) && char.IsLower(first))
        {
            text.Length--; // "informa-" + "tion" → "information"
        }
        else if (!CjkText.ClosesUp(last, first) && !char.IsWhiteSpace(last))
        {
            text.Append(' ');
        }
        text.Append(line);
    }

    /// <summary>A trailing hyphen preceded by a lower-case letter ("informa-"), not a dash or "-" standing alone.</summary>
    private static bool IsHyphenatedWordEnd(StringBuilder text) =>
        text.Length >= 3 && text[^1] is '-' or '\u00AD' && char.IsLower(text[^2]) && char.IsLetter(text[^3]);
}
