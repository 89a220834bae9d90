using System.Text.RegularExpressions;
using KnowledgeBase.Text.Time;

namespace KnowledgeBase.Ingestion.Metadata;

/// <summary>
/// The ways a full date is written in Chinese documents — 2024年5月31日, 2019年01月24日, 2024-08-08, 2019.1.24,
/// 2019/1/24, 二〇一一年三月十日 — as one regex fragment (<see cref="Pattern"/>) the rule tables embed, and the reading
/// of a match into a <see cref="DateOnly"/> (impossible dates are no dates).
/// </summary>
public static partial class WrittenDates
{
    private const string ChineseDigit = "[〇○零一二三四五六七八九]";
    private const string ChineseSmall = "[一二三四五六七八九十]{1,3}";

    /// <summary>A full date; groups y/m/d (Arabic) or cy/cm/cd (Chinese numerals).</summary>
    public const string Pattern =
        @"(?:(?<y>(?:19|20)\d{2})\s*年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日" +
        @"|(?<y>(?:19|20)\d{2})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})(?!\d)" +
        "|(?<cy>" + ChineseDigit + "{4})年(?<cm>" + ChineseSmall + ")月(?<cd>" + ChineseSmall + ")日)";

    /// <summary>The date a match of a pattern that embeds <see cref="Pattern"/> names, if it is a real day.</summary>
    public static DateOnly? Read(Match match)
    {
        int? year, month, day;
        if (match.Groups["y"].Success)
        {
            year = int.Parse(match.Groups["y"].ValueSpan);
            month = int.Parse(match.Groups["m"].ValueSpan);
            day = int.Parse(match.Groups["d"].ValueSpan);
        }
        else if (match.Groups["cy"].Success)
        {
            year = ChineseNumerals.DigitString(match.Groups["cy"].ValueSpan);
            month = ChineseNumerals.Number(match.Groups["cm"].ValueSpan);
            day = ChineseNumerals.Number(match.Groups["cd"].ValueSpan);
        }
        else return null;
        return Make(year, month, day);
    }

    /// <summary>The first full date in <paramref name="text"/>.</summary>
    public static DateOnly? First(string text) => AnyDate().Match(text) is { Success: true } m ? Read(m) : null;

    /// <summary>A date from numbers, or null when they name no day (2019-02-30) or a year outside 1900–2099.</summary>
    public static DateOnly? Make(int? year, int? month, int? day) =>
        year is >= 1900 and <= 2099 && month is >= 1 and <= 12 && day is >= 1 && day <= DateTime.DaysInMonth(year.Value, month.Value)
            ? new DateOnly(year.Value, month.Value, day.Value)
            : null;

    [GeneratedRegex(Pattern)]
    private static partial Regex AnyDate();
}
