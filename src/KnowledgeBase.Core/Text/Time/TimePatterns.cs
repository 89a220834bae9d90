using System.Text.RegularExpressions;

namespace KnowledgeBase.Text.Time;

/// <summary>
/// The table of time expressions Chinese policy texts use, each row tested case by case in the tests. Rows are tried
/// independently; where matches overlap, <see cref="TimeResolver"/> keeps the longest (so 2016至2018年 is one range,
/// not a year inside it). The patterns are general forms of the written language, never phrases of particular questions.
/// </summary>
public static partial class TimePatterns
{
    private const string Numeral = "[一二三四五六七八九十0-9]";
    private const string CountedYears = "[两二三四五六七八九十0-9]{1,3}";

    /// <summary>Every row, in the order that breaks ties between equally long overlapping matches.</summary>
    public static IReadOnlyList<TimePattern> All { get; } =
    [
        new("year-range", TimeKind.YearRange, YearRangeRegex(), (m, _) => Range(Int(m, "a"), Int(m, "b")), "2016至2018年 → 2016–2018"),
        new("year", TimeKind.Year, YearRegex(), (m, _) => Single(Int(m, "y")), "2025年 → 2025"),
        new("year-spaced-digits", TimeKind.Year, YearSpacedDigitsRegex(), (m, _) => Single(Digits(m, "y")), "1 9 9 7 年 → 1997"),
        new("year-chinese-digits", TimeKind.Year, YearChineseDigitsRegex(), (m, _) => Single(Digits(m, "y")), "一九九八年 → 1998"),
        new("year-two-digits", TimeKind.Year, YearTwoDigitsRegex(), (m, anchor) => TwoDigitYear(Digits(m, "y"), anchor), "于98年 → 1998"),
        new("year-two-chinese-digits", TimeKind.Year, YearTwoChineseDigitsRegex(), (m, anchor) => TwoChineseDigitYear(m.Groups["y"].ValueSpan, anchor), "九八年 → 1998"),
        new("this-year", TimeKind.Relative, ThisYearRegex(), (_, anchor) => Relative(anchor, 0, 0), "今年 → Y"),
        new("last-year", TimeKind.Relative, LastYearRegex(), (_, anchor) => Relative(anchor, -1, -1), "去年 → Y−1"),
        new("past-year", TimeKind.Relative, PastYearRegex(), (_, anchor) => Relative(anchor, -1, -1), "过去一年 → Y−1"),
        new("year-before-last", TimeKind.Relative, YearBeforeLastRegex(), (_, anchor) => Relative(anchor, -2, -2), "前年 → Y−2"),
        new("next-year", TimeKind.Relative, NextYearRegex(), (_, anchor) => Relative(anchor, 1, 1), "明年 → Y+1"),
        new("year-after-next", TimeKind.Relative, YearAfterNextRegex(), (_, anchor) => Relative(anchor, 2, 2), "后年 → Y+2"),
        new("past-years", TimeKind.Relative, PastYearsRegex(), (m, anchor) => Count(m, "n") is { } n and >= 2 and <= 100 ? Relative(anchor, -n, -1) : null, "过去五年 → Y−5…Y−1"),
        new("coming-years", TimeKind.Relative, ComingYearsRegex(), (m, anchor) => Count(m, "n") is { } n and >= 2 and <= 100 ? Relative(anchor, 0, n - 1) : null, "今后五年 → Y…Y+4"),
        new("part-of-year", TimeKind.PartOfYear, PartOfYearRegex(), (_, anchor) => Relative(anchor, 0, 0), "上半年 → Y"),
        new("decade", TimeKind.Decade, DecadeRegex(), Decade, "九十年代初 → 1990–1993"),
        new("decade-of-year", TimeKind.Decade, DecadeOfYearRegex(), (m, _) => DecadePart(Int(m, "y"), m.Groups["part"].Value), "1980年代 → 1980–1989"),
        new("century-part", TimeKind.Century, CenturyPartRegex(), CenturyPart, "本世纪末 → last decade of the century"),
        new("five-year-plan", TimeKind.PlanPeriod, FiveYearPlanRegex(), (m, _) => Number(m, "n") is { } n ? PoliticalCalendar.FiveYearPlan(n) : null, "“十一五” → 2006–2010"),
        new("numbered-five-year-plan", TimeKind.PlanPeriod, NumberedFiveYearPlanRegex(), (m, _) => Number(m, "n") is { } n ? PoliticalCalendar.FiveYearPlan(n) : null, "第一个五年计划 → 1953–1957"),
        new("npc-session", TimeKind.Session, NpcSessionRegex(), (m, _) => Session(m, PoliticalCalendar.NpcSession), "第十四届全国人民代表大会第三次会议 → 2025"),
        new("cppcc-session", TimeKind.Session, CppccSessionRegex(), (m, _) => Session(m, PoliticalCalendar.CppccSession), "全国政协十届四次会议 → 2006"),
        new("npc-term", TimeKind.Session, NpcTermRegex(), (m, _) => Number(m, "t") is { } t ? PoliticalCalendar.NpcTerm(t) : null, "第十四届全国人大 → 2023–2027"),
        new("party-congress", TimeKind.Congress, PartyCongressRegex(), (m, _) => Number(m, "n") is { } n ? Single(PoliticalCalendar.PartyCongress(n)) : null, "党的十八大 → 2012"),
    ];

    // A year is 1600–2099: earlier numbers before 年 are counts (1000年), not dates.
    [GeneratedRegex(@"(?<![0-9.])(?<a>(?:1[6-9]|20)[0-9]{2})\s?年?\s?(?:至|到|—{1,2}|–|-|~|―)\s?(?<b>(?:1[6-9]|20)[0-9]{2})\s?年(?!代)")]
    private static partial Regex YearRangeRegex();

    [GeneratedRegex(@"(?<![0-9.])(?<y>(?:1[6-9]|20)[0-9]{2})\s?年(?!代)")]
    private static partial Regex YearRegex();

    // Text extracted from some PDFs spaces every digit: "1 9 9 7 年".
    [GeneratedRegex(@"(?<![0-9.])(?<y>[12] [0-9] [0-9] [0-9]) ?年(?!代)")]
    private static partial Regex YearSpacedDigitsRegex();

    [GeneratedRegex(@"(?<![〇○零一二三四五六七八九十百千万两])(?<y>[一二][〇○零一二三四五六七八九]{3})年(?!代)")]
    private static partial Regex YearChineseDigitsRegex();

    // "20年" is as often twenty years as 2020: a two-digit year counts only before a month (98年3月) or after a
    // preposition of time (于98年, 从05年) and not as 年代, 年来, 年间 ….
    [GeneratedRegex(@"(?<![0-9.])(?<y>[0-9]{2})年(?=[0-9]{1,2}月)|(?<=[于在从自至到])(?<y>[0-9]{2})年(?![代来间内后前底初末多度])")]
    private static partial Regex YearTwoDigitsRegex();

    // 九八年 is 1998; 三五年 and 七八年 are "three to five" and "seven or eight" years, so counts that start below five
    // and pairs of consecutive digits are not years.
    [GeneratedRegex(@"(?<![〇○零一二三四五六七八九十百千万两第几])(?<y>[〇○零五六七八九][〇○零一二三四五六七八九])年(?![代来间内后前多])")]
    private static partial Regex YearTwoChineseDigitsRegex();

    [GeneratedRegex(@"今年|(?<![基成根资版])本年度?")]
    private static partial Regex ThisYearRegex();

    // 上年 after 比/较/同/与 compares with the year before the one being discussed (比上年增长 in a review means Y−2),
    // so only the free-standing form is resolved.
    [GeneratedRegex(@"去年|上年度|(?<![比较同与和跟])上一?年(?!同期|相比|均)")]
    private static partial Regex LastYearRegex();

    [GeneratedRegex(@"过去(?:的)?一年|(?<![0-9一二三四五六七八九十百])一年(?:以来|来)|近一年")]
    private static partial Regex PastYearRegex();

    [GeneratedRegex(@"(?<![0-9一二三四五六七八九十百几数多个])前年(?!均|度)")]
    private static partial Regex YearBeforeLastRegex();

    [GeneratedRegex(@"明年|下一年度?|来年|下年度")]
    private static partial Regex NextYearRegex();

    [GeneratedRegex(@"(?<![今以此之其最然前往日])后年(?!均|度)")]
    private static partial Regex YearAfterNextRegex();

    [GeneratedRegex(@"(?:过去|最近|近|这)(?:的)?(?<n>" + CountedYears + @")年(?:以来|来|间|中|里)?|(?<![0-9一二三四五六七八九十百千万两])(?<n>" + CountedYears + @")年(?:以来|来)")]
    private static partial Regex PastYearsRegex();

    [GeneratedRegex(@"(?:今后|未来|此后|往后)(?:的)?(?<n>" + CountedYears + @")年(?!代|前)")]
    private static partial Regex ComingYearsRegex();

    [GeneratedRegex(@"上半年|下半年|前三季度|一季度|年初|年底|年末")]
    private static partial Regex PartOfYearRegex();

    [GeneratedRegex(@"(?:(?<rel>上|本|下)个?世纪|(?<cent>二十一|二十|21|20)世纪)?(?<d>[一二三四五六七八九]十|[1-9]0)年代(?<part>初期|初|中期|中叶|中|末期|末|前期|后期)?")]
    private static partial Regex DecadeRegex();

    [GeneratedRegex(@"(?<![0-9])(?<y>1[6-9][0-9]0|20[0-9]0)年代(?<part>初期|初|中期|中叶|中|末期|末|前期|后期)?")]
    private static partial Regex DecadeOfYearRegex();

    [GeneratedRegex(@"(?:(?<rel>上|本|下)个?世纪|(?<cent>二十一|二十|21|20)世纪)(?<part>初|中叶|中期|末期|末|之交)")]
    private static partial Regex CenturyPartRegex();

    // Plan names are written in quotes (“十一五”) or before 规划, 时期, 期间 …: a bare 十五 is usually fifteen.
    [GeneratedRegex(@"[“""「『‘](?<m>(?<n>十[一二三四五六七八九]?|[一二三四五六七八九])五)[”""」』’]|(?<m>(?<n>十[一二三四五六七八九]?|[一二三四五六七八九])五)(?=计划|规划|时期|期间|末|初|前期|中期|后期|以来|开局|收官|纲要)")]
    private static partial Regex FiveYearPlanRegex();

    [GeneratedRegex(@"第(?<n>[一二三四五六七八九十]{1,3})个五年计划")]
    private static partial Regex NumberedFiveYearPlanRegex();

    [GeneratedRegex(@"第?(?<t>" + Numeral + @"{1,3})届全国人民代表大会第?(?<s>" + Numeral + @"{1,2})次会议|第?(?<t>" + Numeral + @"{1,3})届全国人大第?(?<s>" + Numeral + @"{1,2})次会议|全国人大(?<t>" + Numeral + @"{1,3})届(?<s>" + Numeral + @"{1,2})次会议")]
    private static partial Regex NpcSessionRegex();

    [GeneratedRegex(@"全国政协第?(?<t>" + Numeral + @"{1,3})届第?(?<s>" + Numeral + @"{1,2})次会议|政协第?(?<t>" + Numeral + @"{1,3})届全国委员会第?(?<s>" + Numeral + @"{1,2})次会议|第?(?<t>" + Numeral + @"{1,3})届全国政协第?(?<s>" + Numeral + @"{1,2})次会议")]
    private static partial Regex CppccSessionRegex();

    [GeneratedRegex(@"第?(?<t>" + Numeral + @"{1,3})届全国(?:人民代表大会|人大)")]
    private static partial Regex NpcTermRegex();

    [GeneratedRegex(@"(?:党的|中共|中国共产党第)(?<n>" + Numeral + @"{1,3})(?:次全国代表大会|大)")]
    private static partial Regex PartyCongressRegex();

    private static int? Int(Match m, string group) => m.Groups[group] is { Success: true } g && int.TryParse(g.ValueSpan, out var v) ? v : null;

    private static int? Digits(Match m, string group) => m.Groups[group] is { Success: true } g ? ChineseNumerals.DigitString(g.ValueSpan) : null;

    private static int? Number(Match m, string group) => m.Groups[group] is { Success: true } g ? ChineseNumerals.Number(g.ValueSpan) : null;

    private static int? Count(Match m, string group) => Number(m, group);

    private static YearSpan? Single(int? year) => year is { } y and >= 1600 and <= 2099 ? YearSpan.Year(y) : null;

    private static YearSpan? Range(int? from, int? to) =>
        from is { } a && to is { } b && a <= b && b - a <= 100 ? new YearSpan(a, b) : null;

    private static YearSpan? Relative(int? anchor, int from, int to) => anchor is { } y ? new YearSpan(y + from, y + to) : null;

    /// <summary>98 → 1998 and 08 → 2008: the latest such year not after the year after the anchor (1900s without an anchor, from 50 on).</summary>
    private static YearSpan? TwoDigitYear(int? twoDigits, int? anchor)
    {
        if (twoDigits is not { } d) return null;
        if (anchor is { } y) return YearSpan.Year(2000 + d <= y + 1 ? 2000 + d : 1900 + d);
        return d >= 50 ? YearSpan.Year(1900 + d) : null;
    }

    private static YearSpan? TwoChineseDigitYear(ReadOnlySpan<char> digits, int? anchor)
    {
        var first = ChineseNumerals.Digit(digits[0]);
        var second = ChineseNumerals.Digit(digits[1]);
        if (first > 0 && second == first + 1) return null; // 五六年, 七八年: a rough count
        return TwoDigitYear(first * 10 + second, anchor);
    }

    private static YearSpan? Decade(Match m, int? anchor)
    {
        if (Number(m, "d") is not { } tens || tens % 10 != 0) return null;
        int century;
        if (m.Groups["rel"].Success)
        {
            if (anchor is not { } y) return null;
            century = y / 100 * 100 + (m.Groups["rel"].Value switch { "上" => -100, "下" => 100, _ => 0 });
        }
        else if (m.Groups["cent"].Success)
        {
            century = (Number(m, "cent") is 21 ? 2000 : 1900);
        }
        else
        {
            // 九十年代 in 2025 is the 1990s, 二十年代 in 2025 the 2020s: the latest decade that has begun (or begins within ten years).
            var latest = (anchor ?? 1999) + 10;
            century = 2000 + tens <= latest ? 2000 : 1900;
        }
        return DecadePart(century + tens, m.Groups["part"].Value);
    }

    /// <summary>The years of a decade, or of its beginning (初: years 0–3), middle (中: 3–6), end (末: 7–9), first or second half.</summary>
    private static YearSpan? DecadePart(int? start, string part)
    {
        if (start is not { } s) return null;
        var (from, to) = part switch
        {
            "初" or "初期" => (0, 3),
            "中" or "中期" or "中叶" => (3, 6),
            "末" or "末期" => (7, 9),
            "前期" => (0, 4),
            "后期" => (5, 9),
            _ => (0, 9),
        };
        return new YearSpan(s + from, s + to);
    }

    private static YearSpan? CenturyPart(Match m, int? anchor)
    {
        int century;
        if (m.Groups["rel"].Success)
        {
            if (anchor is not { } y) return null;
            century = y / 100 * 100 + (m.Groups["rel"].Value switch { "上" => -100, "下" => 100, _ => 0 });
        }
        else century = Number(m, "cent") is 21 ? 2000 : 1900;
        return m.Groups["part"].Value switch
        {
            "初" => new YearSpan(century, century + 9),
            "中叶" or "中期" => new YearSpan(century + 40, century + 60),
            "之交" => new YearSpan(century + 98, century + 101),
            _ => new YearSpan(century + 90, century + 100),
        };
    }

    private static YearSpan? Session(Match m, Func<int, int, int?> year) =>
        Number(m, "t") is { } term && Number(m, "s") is { } session ? Single(year(term, session)) : null;
}
