using System.Text.RegularExpressions;

namespace KnowledgeBase.Text.Time;

/// <summary>
/// One row of the time pattern table: a regular expression over normalised text (width-folded, simplified) and how a
/// match becomes years. <see cref="Resolve"/> gets the match and the anchor year (the year the text speaks from: a
/// document's date, or today for a query) and answers null when the match means no year after all (a relative
/// expression without an anchor, a number that names no plan). The mention covers the group named <c>m</c> when the
/// expression has one (so quotes around “十一五” stay outside the mark), else the whole match.
/// </summary>
/// <param name="Example">A text this row resolves, for documentation and tests.</param>
public sealed record TimePattern(string Name, TimeKind Kind, Regex Regex, Func<Match, int?, YearSpan?> Resolve, string Example);
