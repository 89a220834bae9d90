namespace KnowledgeBase.Text.Time;

/// <summary>
/// When a passage speaks: the date of its document and the time expressions of its text (resolved against that date,
/// with their offsets) and of its headings (一、2024年工作回顾 dates every passage under it).
/// </summary>
public sealed record PassageTime(int? DocumentYear, IReadOnlyList<TimeMention> Mentions, IReadOnlyList<YearSpan> HeadingYears)
{
    public static PassageTime None { get; } = new(null, [], []);

    /// <summary>
    /// Spans longer than this are too vague to say what a passage is about (上世纪, 七十年来): they are shown but do not
    /// make the passage speak of each of their years.
    /// </summary>
    public const int MaxStatedSpan = 20;

    /// <summary>
    /// The years the passage itself says it is about, ascending, each with the length of the shortest expression that
    /// covers it: 1 for "2016年" or 今年, 5 for 过去五年. A query for 2008 should not count a passage about 过去五年
    /// (2008–2012) as being about 2008 the way it counts one that says 2008年; the length lets a search tell them apart.
    /// </summary>
    public IReadOnlyList<(int Year, int SpanLength)> StatedYears()
    {
        var years = new SortedDictionary<int, int>();
        foreach (var span in Mentions.Where(m => m.StatesYears).Select(m => m.Years).Concat(HeadingYears))
            if (span.Length <= MaxStatedSpan)
                for (var year = span.From; year <= span.To; year++)
                    years[year] = years.TryGetValue(year, out var shortest) ? Math.Min(shortest, span.Length) : span.Length;
        return years.Select(y => (y.Key, y.Value)).ToList();
    }
}
