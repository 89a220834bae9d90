namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Character classes that decide how extracted fragments are glued back together: Chinese, Japanese and Korean
/// script is written without spaces, so a space or line break between two such characters is an artefact of layout.
/// </summary>
public static class CjkText
{
    /// <summary>Han ideographs (BMP blocks and the surrogate range of the supplementary planes), kana and Hangul.</summary>
    public static bool IsCjkLetter(char c) =>
        c is >= '\u4E00' and <= '\u9FFF'     // CJK unified ideographs
            or >= '\u3400' and <= '\u4DBF'   // extension A
            or >= '\uF900' and <= '\uFAFF'   // compatibility ideographs
            or >= '\u3040' and <= '\u30FF'   // hiragana, katakana
            or >= '\uAC00' and <= '\uD7AF'   // Hangul syllables
            or >= '\uD840' and <= '\uD87F'   // high surrogates of planes 2–3 (extensions B–H)
            or '\u3007';                     // 〇

    /// <summary>
    /// Full-width punctuation used in Chinese text (，。、；：？！（）《》【】—…). Curly quotes and bullets are left out:
    /// English uses them too, and next to a Han character they close up anyway.
    /// </summary>
    public static bool IsCjkPunctuation(char c) =>
        c is >= '\u3000' and <= '\u303F'     // CJK symbols and punctuation
            or >= '\uFF01' and <= '\uFF0F' or >= '\uFF1A' and <= '\uFF20' or >= '\uFF3B' and <= '\uFF40' or >= '\uFF5B' and <= '\uFF65'
            or '\u2014' or '\u2026';

    /// <summary>A character after or before which no space is written in Chinese typesetting.</summary>
    public static bool IsCjk(char c) => IsCjkLetter(c) || IsCjkPunctuation(c);

    /// <summary>
    /// Whether a break (space or line end) between <paramref name="left"/> and <paramref name="right"/> is
    /// layout rather than text: true when either side is Chinese script or punctuation, so 航空\n发动机 and
    /// 2019\n年 close up while English words keep their space.
    /// </summary>
    public static bool ClosesUp(char left, char right) => IsCjk(left) || IsCjk(right);

    /// <summary>Share of letters in <paramref name="text"/> that are CJK (0 when there are no letters).</summary>
    public static double CjkShare(ReadOnlySpan<char> text)
    {
        int cjk = 0, letters = 0;
        foreach (var c in text)
        {
            if (IsCjkLetter(c)) { cjk++; letters++; }
            else if (char.IsLetter(c)) letters++;
        }
        return letters == 0 ? 0 : (double)cjk / letters;
    }

    /// <summary>
    /// Replaces Kangxi radicals and CJK compatibility ideographs (which some PDF fonts map glyphs to, e.g. ⽠ for 瓜)
    /// by the unified ideographs they stand for, and Latin ligatures (ﬁ, ﬂ) by their letters.
    /// </summary>
    public static string FoldRadicals(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\u2E80', '\u2FDF') && !text.AsSpan().ContainsAnyInRange('\uF900', '\uFAFF')
            && !text.AsSpan().ContainsAnyInRange('\uFB00', '\uFB06'))
            return text;
        var folded = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is (>= '\u2E80' and <= '\u2FDF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFB00' and <= '\uFB06'))
                folded.Append(c.ToString().Normalize(System.Text.NormalizationForm.FormKC));
            else
                folded.Append(c);
        }
        return folded.ToString();
    }
}
