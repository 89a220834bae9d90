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

    /// <summary>The years the passage itself says it is about, ascending, each once.</summary>
    public IReadOnlyList<int> StatedYears()
    {
        var years = new SortedSet<int>();
        foreach (var span in Mentions.Where(m => m.StatesYears).Select(m => m.Years).Concat(HeadingYears))
            if (span.Length <= MaxStatedSpan)
                for (var year = span.From; year <= span.To; year++) years.Add(year);
        return [.. years];
    }
}
