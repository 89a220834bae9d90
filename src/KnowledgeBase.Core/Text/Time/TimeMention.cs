namespace KnowledgeBase.Text.Time;

/// <summary>What kind of expression a time mention is; decides how search treats it.</summary>
public enum TimeKind
{
    /// <summary>A calendar year written out: 2025年, 二〇二五年, 98年.</summary>
    Year,
    /// <summary>A range of calendar years: 2016至2018年.</summary>
    YearRange,
    /// <summary>A year named relative to the text's own date: 今年, 去年, 过去五年, 明年.</summary>
    Relative,
    /// <summary>A part of the current year without a year word: 上半年, 年初, 年底 (it restates the text's date).</summary>
    PartOfYear,
    /// <summary>A decade or part of one: 九十年代初, 上世纪八十年代.</summary>
    Decade,
    /// <summary>A part of a century: 本世纪末, 下世纪中叶.</summary>
    Century,
    /// <summary>A Five-Year Plan period: “十一五”, 十四五规划, 第一个五年计划.</summary>
    PlanPeriod,
    /// <summary>A term or session of the National People's Congress or the CPPCC: 十四届全国人大三次会议.</summary>
    Session,
    /// <summary>A national congress of the Communist Party: 党的十八大.</summary>
    Congress,
}

/// <summary>
/// A time expression found in a text and the years it means. <see cref="Start"/> and <see cref="End"/> are character
/// offsets [start, end) into the text that was resolved, so a result page can mark "今年 (2025)".
/// </summary>
/// <param name="Pattern">Name of the row of <see cref="TimePatterns"/> that matched.</param>
public sealed record TimeMention(int Start, int End, string Text, YearSpan Years, TimeKind Kind, string Pattern)
{
    /// <summary>"今年 (2025)": the text with the years it was resolved to.</summary>
    public string Label => $"{Text} ({Years})";

    /// <summary>
    /// Whether the mention says which years its text is about. A bare 年底 or 上半年 only restates the date of the
    /// document (in a review paragraph 年末 even means the year under review), so it does not.
    /// </summary>
    public bool StatesYears => Kind != TimeKind.PartOfYear;
}
