using KnowledgeBase.Text.Time;

namespace KnowledgeBase.Retrieval;

/// <summary>
/// The time part of a query in the form stores execute: which passages the <see cref="Signal.Time"/>,
/// <see cref="Signal.DocumentTime"/> and <see cref="Signal.StatedDate"/> rankings admit. Each ranks its passages by the
/// query's words (BM25 of <see cref="RetrievalQuery.Words"/>), inside the same filter as every other signal.
/// </summary>
public sealed record TimeConstraint
{
    /// <summary>Passages that state (in their text or headings) a year inside this span …</summary>
    public YearSpan? StatedIn { get; init; }

    /// <summary>
    /// … by an expression of at most this many years: a query for 2008 admits "2008年" and 今年 in a 2008 text, not
    /// 过去五年 (2008–2012) in a 2013 one.
    /// </summary>
    public int StatedSpanAtMost { get; init; } = int.MaxValue;

    /// <summary>Passages that state any year (the query asks when: 哪一年, 什么时候, 何时).</summary>
    public bool AnyStated { get; init; }

    /// <summary>Passages of documents dated inside this span.</summary>
    public YearSpan? DocumentIn { get; init; }

    /// <summary>
    /// When set, <see cref="DocumentIn"/> admits a passage that states years of its own only if one of them is in this
    /// span (by an expression of any length): a passage's own time comes before its document's, so the next year's
    /// report admits its review of the year asked about (去年, or no time at all) and not its plans for itself (今年).
    /// </summary>
    public YearSpan? OwnTimeIn { get; init; }

    public bool IsEmpty => StatedIn is null && !AnyStated && DocumentIn is null;
}
