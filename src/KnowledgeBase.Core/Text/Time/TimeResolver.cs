using System.Buffers;
using System.Text.RegularExpressions;

namespace KnowledgeBase.Text.Time;

/// <summary>
/// Finds the time expressions of a text with the <see cref="TimePatterns"/> table and resolves them against an anchor
/// year: the date a document speaks from (its issue date or report year), or today for a query. Overlapping matches keep
/// the longest (then the earlier table row); a year is then extended by a part that follows it (2025年底, 去年上半年)
/// and by 以来 / 至今, which carry it up to the anchor (2013年以来 in a 2018 text is 2013–2018). Offsets are into the
/// text as given: the normaliser folds one character for one.
/// </summary>
public sealed partial class TimeResolver(CharNormalizer normalizer)
{
    /// <summary>Every row needs one of these characters; a text without any is skipped at once.</summary>
    private static readonly SearchValues<char> Triggers = SearchValues.Create("年五届大纪");

    /// <summary>The text as the patterns see it (same length and offsets as <paramref name="text"/>).</summary>
    public string Normalize(string text) => normalizer.Normalize(text);

    public IReadOnlyList<TimeMention> Resolve(string text, int? anchorYear)
    {
        if (text.AsSpan().IndexOfAny(Triggers) < 0) return [];
        var normalized = normalizer.Normalize(text);
        var candidates = new List<Candidate>();
        var patterns = TimePatterns.All;
        for (var row = 0; row < patterns.Count; row++)
        {
            var pattern = patterns[row];
            foreach (Match match in pattern.Regex.Matches(normalized))
            {
                if (pattern.Resolve(match, anchorYear) is not { } years) continue;
                var marked = match.Groups["m"] is { Success: true } m ? m : (Group)match;
                candidates.Add(new Candidate(marked.Index, marked.Index + marked.Length, row, years));
            }
        }
        if (candidates.Count == 0) return [];

        var chosen = new List<Candidate>();
        foreach (var candidate in candidates.OrderByDescending(c => c.End - c.Start).ThenBy(c => c.Row).ThenBy(c => c.Start))
            if (!chosen.Any(c => c.Start < candidate.End && candidate.Start < c.End)) chosen.Add(candidate);
        chosen.Sort((a, b) => a.Start.CompareTo(b.Start));

        var mentions = new List<TimeMention>(chosen.Count);
        for (var i = 0; i < chosen.Count; i++)
        {
            var (start, end, row, years) = chosen[i];
            var pattern = patterns[row];
            var kind = pattern.Kind;
            if (years.IsSingleYear && kind is TimeKind.Year or TimeKind.Relative)
            {
                // 今年上半年: the part found on its own right after the year belongs to it.
                if (i + 1 < chosen.Count && chosen[i + 1].Start == end && patterns[chosen[i + 1].Row].Kind == TimeKind.PartOfYear)
                    end = chosen[++i].End;
                else if (YearPartSuffix().Match(normalized, end) is { Success: true } part && part.Index == end)
                    end += part.Length;
            }
            if (SinceSuffix().Match(normalized, end) is { Success: true } since && since.Index == end && (i + 1 >= chosen.Count || chosen[i + 1].Start >= end + since.Length))
            {
                end += since.Length;
                if (anchorYear is { } anchor && years.To < anchor && years.From <= anchor) years = years with { To = anchor };
            }
            mentions.Add(new TimeMention(start, end, text[start..end], years, kind, pattern.Name));
        }
        return mentions;
    }

    private readonly record struct Candidate(int Start, int End, int Row, YearSpan Years);

    [GeneratedRegex(@"\G(?:上半年|下半年|前三季度|一季度|年初|年底|年末|初|底|末)")]
    private static partial Regex YearPartSuffix();

    [GeneratedRegex(@"\G(?:以来|至今)")]
    private static partial Regex SinceSuffix();
}
