namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Recognises text layers that are not text: glyph codes without a Unicode mapping come out as private-use or
/// replacement characters, and broken ToUnicode maps of Chinese fonts often come out as Latin-1 accents.
/// </summary>
public static class GarbageText
{
    /// <summary>True when more than <paramref name="threshold"/> of the visible characters are junk.</summary>
    public static bool IsGarbage(ReadOnlySpan<char> text, double threshold = 0.3)
    {
        int visible = 0, junk = 0;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) continue;
            visible++;
            if (IsJunk(c)) junk++;
        }
        return visible > 0 && junk > threshold * visible;
    }

    private static bool IsJunk(char c) =>
        c is >= '\uE000' and <= '\uF8FF'       // private use: unmapped glyph ids
            or '\uFFFD'                        // replacement character
            or < '\u0020'                      // control characters
            or >= '\u0080' and <= '\u00FF'     // Latin-1 supplement: mojibake of CJK fonts (legit text has few)
            || char.IsSurrogate(c) && c is >= '\uDB80' and <= '\uDBFF'; // supplementary private use planes
}
