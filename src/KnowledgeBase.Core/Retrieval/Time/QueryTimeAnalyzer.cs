using System.Text.RegularExpressions;
using KnowledgeBase.Configuration;
using KnowledgeBase.Text;
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

    /// <param name="segment">Segments a text into words (<see cref="TextAnalyzer.Segments"/>), to read 后 and 以来 that
    /// end the clause a year opens; without it only the expressions themselves count.</param>
    public QueryTime Analyze(string text, Func<string, IReadOnlyList<Segment>>? segment = null)
    {
        if (!_options.Enabled || text.Length == 0) return QueryTime.None;
        var today = clock.GetLocalNow().Year;
        var mentions = resolver.Resolve(text, today);
        if (segment is not null && mentions.Count > 0) mentions = WithClauseEnds(mentions, segment(text), today);
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

    /// <summary>
    /// A year that opens a clause ending in 后 / 以后 / 之后 (2008年国际金融危机后, 2015年以后) stands for the
    /// <see cref="TimeOptions.AfterYears"/> years after it as well, and one ending in 以来 (2013年脱贫攻坚以来) for the
    /// years up to today, as 以来 right after a year already does.
    /// </summary>
    private IReadOnlyList<TimeMention> WithClauseEnds(IReadOnlyList<TimeMention> mentions, IReadOnlyList<Segment> segments, int today)
    {
        var result = new List<TimeMention>(mentions.Count);
        foreach (var mention in mentions)
        {
            var years = mention.Years;
            if (mention.Kind is TimeKind.Year or TimeKind.YearRange or TimeKind.Congress && ClauseEnd(mention, mentions, segments) is { } end)
                years = end == "以来" ? years with { To = Math.Max(years.To, today) } : years with { To = years.To + Math.Max(0, _options.AfterYears) };
            result.Add(years == mention.Years ? mention : mention with { Years = years });
        }
        return result;
    }

    /// <summary>The word that ends the clause <paramref name="mention"/> opens, if it says "after" or "since"; null otherwise.</summary>
    private static string? ClauseEnd(TimeMention mention, IReadOnlyList<TimeMention> mentions, IReadOnlyList<Segment> segments)
    {
        foreach (var segment in segments)
        {
            if (segment.Start < mention.End) continue;
            if (segment.Word is "后" or "以后" or "之后" or "过后" or "以来") return segment.Word;
            // A clause ends at punctuation or a space; another time expression opens a clause of its own.
            if (segment.Word.Any(c => char.IsPunctuation(c) || char.IsWhiteSpace(c))) return null;
            if (mentions.Any(m => m != mention && m.Start <= segment.Start && segment.Start < m.End)) return null;
        }
        return null;
    }

    /// <summary>What the stores execute for <paramref name="time"/>; null when it constrains nothing.</summary>
    public TimeConstraint? Constraint(QueryTime time)
    {
        if (time.Span is { } span)
        {
            return new TimeConstraint
            {
                StatedIn = span,
                StatedSpanAtMost = (int)Math.Floor(span.Length * Math.Max(1, _options.StatedSpanRatio)),
                DocumentIn = _options.PlanPeriodDocuments && time.Mentions.All(m => m.Kind == TimeKind.PlanPeriod)
                    ? PlanDocumentYears(span, time.Aspect)
                    : DocumentYears(span, time.Aspect),
                OwnTimeIn = _options.OwnTimeFirst ? span : null,
            };
        }
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

    /// <summary>
    /// The document dates that answer a question about a Five-Year Plan: its plans are set out in the report of its first
    /// year (the session that adopts the plan), its results in the report of the year after it; other questions take
    /// <see cref="DocumentYears"/>.
    /// </summary>
    private YearSpan PlanDocumentYears(YearSpan span, TimeAspect aspect) => aspect switch
    {
        TimeAspect.Plan => YearSpan.Year(span.From),
        TimeAspect.Outcome => new YearSpan(span.To + 1, span.To + Math.Max(1, _options.DocumentYearsBefore)),
        _ => DocumentYears(span, aspect),
    };

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

    [GeneratedRegex(@"增长了|下降了|上涨了|提高了|增加了|减少了|达到|实现了?|完成了?|取得|成果|成效|成绩|成就|情况|实际|结果|效果|损失|多大")]
    private static partial Regex OutcomeRegex();
}
