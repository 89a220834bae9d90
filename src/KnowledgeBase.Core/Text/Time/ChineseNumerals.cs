namespace KnowledgeBase.Text.Time;

/// <summary>
/// Reads the numerals dates are written with: digit strings in Arabic or Chinese digits (1998, 一九九八, 二〇二五 — with
/// 〇, ○ or 零 for zero) and small counted numbers (十四, 二十, 九十, 5, 两).
/// </summary>
public static class ChineseNumerals
{
    /// <summary>Characters that stand for one digit, including the Arabic ones (after width folding).</summary>
    public const string DigitChars = "0123456789〇○零一二三四五六七八九";

    /// <summary>The value of a digit character, or -1.</summary>
    public static int Digit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        '〇' or '○' or '零' or 'Ｏ' => 0,
        '一' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => -1,
    };

    /// <summary>A string of digits read positionally (一九九八 → 1998); spaces between digits are skipped. Null if any other character occurs.</summary>
    public static int? DigitString(ReadOnlySpan<char> text)
    {
        var value = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == ' ') continue;
            var d = Digit(c);
            if (d < 0 || digits >= 9) return null;
            value = value * 10 + d;
            digits++;
        }
        return digits == 0 ? null : value;
    }

    /// <summary>
    /// A counted number below 100 (五 → 5, 十 → 10, 十四 → 14, 二十 → 20, 九十 → 90, 二十一 → 21) or an Arabic number;
    /// null for anything else.
    /// </summary>
    public static int? Number(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return null;
        if (text[0] is >= '0' and <= '9') return DigitString(text);
        var ten = text.IndexOf('十');
        if (ten < 0) return text.Length == 1 && Digit(text[0]) > 0 ? Digit(text[0]) : null;
        var tens = ten == 0 ? 1 : ten == 1 && Digit(text[0]) > 0 ? Digit(text[0]) : -1;
        if (tens < 0) return null;
        var rest = text[(ten + 1)..];
        if (rest.IsEmpty) return tens * 10;
        return rest.Length == 1 && Digit(rest[0]) > 0 ? tens * 10 + Digit(rest[0]) : null;
    }
}
