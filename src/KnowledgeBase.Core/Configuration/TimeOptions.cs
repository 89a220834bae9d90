namespace KnowledgeBase.Configuration;

/// <summary>
/// Time-aware search (section <c>KnowledgeBase:Time</c>): a query's years, ranges, decades and plan periods — and
/// 今年 / 去年 resolved against today — rank passages that speak of those years (signal <c>Time</c>) and passages of
/// documents dated then (signal <c>DocumentTime</c>); their weights are under <c>Retrieval:Weights</c>. Values chosen
/// on the development sets (docs/quality.md).
/// </summary>
public sealed class TimeOptions
{
    public const string Section = "Time";

    /// <summary>Read time in queries at all. Off, a query's years are ordinary words and no time signal runs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A passage with no time of its own speaks of its document's year and of this many years before it: a report or
    /// review dated 2017 describes 2016 (过去一年) as much as 2017. The DocumentTime signal matches a query's years
    /// against document years widened by this.
    /// </summary>
    public int DocumentYearsBefore { get; set; } = 1;

    /// <summary>
    /// Weight, as a term of the word and bigram signals, of the query's year words (2025年, 今年, 2016至2018年): 0 lets
    /// only the time signals match them, since "2025" written in an unrelated paragraph is noise and 今年 in a passage
    /// means that passage's year, not the asker's. Named periods (“十一五”, 九十年代) stay ordinary words.
    /// </summary>
    public float YearWordWeight { get; set; } = 0f;

    /// <summary>
    /// How much longer than the query's span a passage's own expression may be and still count as speaking of it: at 2,
    /// a query for 2008 admits 2008年 and 2007至2008年 but not 过去五年 (2008–2012); a query for 2013至2017年 admits 过去五年.
    /// </summary>
    public double StatedSpanRatio { get; set; } = 2;

    /// <summary>
    /// Tell questions about a year's plan (目标, 拟, 安排) from questions about its outcome (增长了, 达到, 情况): the first are
    /// answered by documents dated in the year, the second by documents written after it (<see cref="DocumentYearsBefore"/>).
    /// </summary>
    public bool Aspects { get; set; } = true;

    /// <summary>
    /// A passage that states years of its own is admitted by its document's year only if it states the query's time
    /// (<see cref="Retrieval.TimeConstraint.OwnTimeIn"/>): 今年 in the 2014 report is 2014, whatever a question about 2013
    /// expects of that report.
    /// </summary>
    public bool OwnTimeFirst { get; set; } = true;

    /// <summary>
    /// Years after a year the query follows with 后 (2008年国际金融危机后 → 2008–2010): what came after an event is told
    /// in the following years' documents. 0 reads 后 as nothing.
    /// </summary>
    public int AfterYears { get; set; } = 2;

    /// <summary>
    /// With <see cref="Aspects"/>, a question about the plans of a Five-Year Plan (“十一五”的主要目标) takes the documents of
    /// its first year, one about its results those of the year after it.
    /// </summary>
    public bool PlanPeriodDocuments { get; set; } = true;

    /// <summary>A query span longer than this (上世纪, 七十年来) is too vague to rank by.</summary>
    public int MaxQuerySpan { get; set; } = 30;
}
