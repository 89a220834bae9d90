using System.Text.RegularExpressions;
using KnowledgeBase.Configuration;
using KnowledgeBase.Text.Time;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Retrieval.Time;

/// <summary>
/// Whether a question about a year asks what was planned for it or what came of it. Policy documents state the plan for
/// a year in that year (今年赤字率拟按3%安排, in the report dated that year) and its outcome afterwards (去年国内生产总值
/// 增长6.7%, in the next year's review).
/// </summary>
public enum TimeAspect
{
    /// <summary>Neither: documents of the year and of the years after it may answer.</summary>
    Any,
    /// <summary>Targets and arrangements (目标, 预期, 拟, 安排): documents dated in the year. 计划 and 规划 are left out: they name plans as often as they ask about one (四万亿投资计划).</summary>
    Plan,
    /// <summary>Results, achievements (增长了, 达到, 完成, 成果, 情况): documents written after the year.</summary>
    Outcome,
}

/// <summary>What a query says about time.</summary>
/// <param name="Span">The years the answer should speak of (the hull of the query's time expressions); null when the
/// query names none, or asks when something happened.</param>
/// <param name="AsksForDate">The query asks for a date (哪一年, 什么时候, 何时): passages that state one are preferred, and
/// the years it names describe its subject (北京哪一年赢得2008年奥运会举办权) rather than the answer's time.</param>
/// <param name="Mentions">The time expressions of the query text, resolved against today.</param>
/// <param name="Aspect">Whether the query asks for the plan or the outcome of its years.</param>
public sealed record QueryTime(YearSpan? Span, bool AsksForDate, IReadOnlyList<TimeMention> Mentions, TimeAspect Aspect = TimeAspect.Any)
{
    public static QueryTime None { get; } = new(null, false, []);

    /// <summary>
    /// The expressions that stand for years rather than content (2025年, 今年, 2016至2018年); named periods (“十一五”,
    /// 九十年代, 党的十八大) are also words passages use, so they are not among them.
    /// </summary>
    public IEnumerable<TimeMention> YearWords => Span is null
        ? []
        : Mentions.Where(m => m.Kind is TimeKind.Year or TimeKind.YearRange or TimeKind.Relative or TimeKind.PartOfYear);
}

/// <summary>
/// Reads the time of a query with the same <see cref="TimeResolver"/> that dates passages at index time; relative
/// expressions (今年, 去年, 近五年) are resolved against today's date from the injected clock, so tests are
/// deterministic.
/// </summary>
public sealed partial class QueryTimeAnalyzer(TimeResolver resolver, TimeProvider clock, IOptions<TimeOptions>? options = null)
{
    private readonly TimeOptions _options = options?.Value ?? new();

    public QueryTime Analyze(string text)
    {
        if (!_options.Enabled || text.Length == 0) return QueryTime.None;
        var today = clock.GetLocalNow().Year;
        var mentions = resolver.Resolve(text, today);
        var normalized = resolver.Normalize(text);
        var asks = AsksForDateRegex().IsMatch(normalized);
        if (mentions.Count == 0 && !asks) return QueryTime.None;
        YearSpan? span = null;
        if (!asks && mentions.Count > 0)
        {
            var hull = new YearSpan(mentions.Min(m => m.Years.From), mentions.Max(m => m.Years.To));
            if (hull.Length <= _options.MaxQuerySpan) span = hull;
        }
        var aspect = PlanRegex().IsMatch(normalized) ? TimeAspect.Plan : OutcomeRegex().IsMatch(normalized) ? TimeAspect.Outcome : TimeAspect.Any;
        return new QueryTime(span, asks, mentions, _options.Aspects ? aspect : TimeAspect.Any);
    }

    /// <summary>What the stores execute for <paramref name="time"/>; null when it constrains nothing.</summary>
    public TimeConstraint? Constraint(QueryTime time)
    {
        if (time.Span is { } span)
            return new TimeConstraint
            {
                StatedIn = span,
                StatedSpanAtMost = (int)Math.Floor(span.Length * Math.Max(1, _options.StatedSpanRatio)),
                DocumentIn = DocumentYears(span, time.Aspect),
            };
        return time.AsksForDate ? new TimeConstraint { AnyStated = true } : null;
    }

    /// <summary>
    /// The document dates that answer a question about <paramref name="span"/>: a document dated Y speaks of Y and of the
    /// <see cref="TimeOptions.DocumentYearsBefore"/> years before it — of their outcomes looking back, of its own year's plans.
    /// </summary>
    private YearSpan DocumentYears(YearSpan span, TimeAspect aspect)
    {
        var before = Math.Max(0, _options.DocumentYearsBefore);
        return aspect switch
        {
            TimeAspect.Plan => span,
            TimeAspect.Outcome when before > 0 => new YearSpan(span.From + 1, span.To + before),
            _ => new YearSpan(span.From, span.To + before),
        };
    }

    /// <summary><paramref name="text"/> with the query's year words blanked (same length, so offsets hold).</summary>
    public static string WithoutYearWords(string text, QueryTime time)
    {
        var words = time.YearWords.ToList();
        if (words.Count == 0) return text;
        var chars = text.ToCharArray();
        foreach (var word in words) Array.Fill(chars, ' ', word.Start, word.End - word.Start);
        return new string(chars);
    }

    [GeneratedRegex(@"哪一?年|哪个年份|何年|什么时候|什么时间|何时|几几年|具体时间|哪个年代")]
    private static partial Regex AsksForDateRegex();

    [GeneratedRegex(@"目标|预期|拟|安排|打算|指标")]
    private static partial Regex PlanRegex();

    [GeneratedRegex(@"增长了|下降了|上涨了|提高了|增加了|减少了|达到|实现了?|完成了?|取得|成果|成效|成绩|情况|实际|结果|效果|损失|多大")]
    private static partial Regex OutcomeRegex();
}
