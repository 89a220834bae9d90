namespace KnowledgeBase.Text;

/// <summary>Character classes the analysis chain cares about.</summary>
public static class CharClass
{
    /// <summary>CJK unified ideographs (basic, extension A, compatibility).</summary>
    public static bool IsHan(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>Letters and digits that make up an index term (Han included).</summary>
    public static bool IsTermChar(char c) => char.IsLetterOrDigit(c);

    /// <summary>True when the text contains at least one Han character.</summary>
    public static bool ContainsHan(ReadOnlySpan<char> text)
    {
        foreach (var c in text) if (IsHan(c)) return true;
        return false;
    }
}
