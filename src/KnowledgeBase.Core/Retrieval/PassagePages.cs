using KnowledgeBase.Model;

namespace KnowledgeBase.Retrieval;

/// <summary>The part of a passage's text that comes from one page: characters [<paramref name="Start"/>, <paramref name="End"/>) of the passage.</summary>
public sealed record PageSegment(int Page, int Start, int End);

/// <summary>
/// Which page each character of a passage comes from. A passage that crosses pages is its pages' texts joined by
/// <see cref="Passage.PageSeparator"/> (<see cref="Passage"/>), and a page's own text may hold the same character, so
/// the boundaries are found from lengths, not by searching for separators: the last page contributes exactly
/// <see cref="Passage.EndOffset"/> characters, the first page the rest of its text after <see cref="Passage.StartOffset"/>,
/// and pages in between their whole text (a page with no stored text contributes nothing, as in the chunker).
/// </summary>
public static class PassagePages
{
    /// <summary>
    /// True when <see cref="Segments"/> needs the page texts: a passage over one or two pages is mapped from its offsets
    /// alone; over more pages, the lengths of the pages in between are needed.
    /// </summary>
    public static bool NeedsPageTexts(Passage passage) => passage.PageEnd - passage.Page > 1;

    /// <summary>
    /// The passage's segments, first page first. <paramref name="pageText"/> gives a page's stored text (null when the
    /// store has none); it is only asked for pages strictly between the first and the last.
    /// </summary>
    public static IReadOnlyList<PageSegment> Segments(Passage passage, Func<int, string?>? pageText = null)
    {
        var length = passage.Text.Length;
        if (passage.PageEnd <= passage.Page) return [new PageSegment(passage.Page, 0, length)];
        var separator = Passage.PageSeparator.Length;
        var lastStart = Math.Max(0, length - passage.EndOffset);
        if (!NeedsPageTexts(passage) || pageText is null)
        {
            // Two pages (or middle pages unknown): everything before the last page's part belongs to the first page.
            var firstEnd = Math.Max(0, lastStart - separator);
            return [new PageSegment(passage.Page, 0, firstEnd), new PageSegment(passage.PageEnd, lastStart, length)];
        }

        var middles = new List<(int Page, int Length)>();
        for (var p = passage.Page + 1; p < passage.PageEnd; p++)
            if (pageText(p) is { } text) middles.Add((p, text.Length));
        var segments = new List<PageSegment>();
        // Walk back from the last page: each middle page ends one separator before the next part starts.
        var end = lastStart - separator;
        var reversed = new List<PageSegment>();
        for (var i = middles.Count - 1; i >= 0; i--)
        {
            var start = Math.Max(0, end - middles[i].Length);
            reversed.Add(new PageSegment(middles[i].Page, start, Math.Max(start, end)));
            end = start - separator;
        }
        segments.Add(new PageSegment(passage.Page, 0, Math.Max(0, end)));
        reversed.Reverse();
        segments.AddRange(reversed);
        segments.Add(new PageSegment(passage.PageEnd, lastStart, length));
        return segments;
    }

    /// <summary>
    /// The page where the passage's best match lies: the page whose part holds the most distinct highlighted strings
    /// (then the most highlighted characters); the first page when nothing is highlighted. A passage that runs from one
    /// page onto the next is cited at the page where the words the user searched for are, not where the passage begins.
    /// </summary>
    public static int BestPage(Passage passage, IReadOnlyList<int[]> highlights, IReadOnlyList<PageSegment> segments)
    {
        if (segments.Count == 1 || highlights.Count == 0) return passage.Page;
        var best = segments[0].Page;
        (int Distinct, int Chars) bestScore = (0, 0);
        foreach (var segment in segments)
        {
            var marked = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var chars = 0;
            foreach (var h in highlights)
            {
                var start = Math.Max(h[0], segment.Start);
                var end = Math.Min(h[1], segment.End);
                if (end <= start) continue;
                marked.Add(passage.Text[start..end]);
                chars += end - start;
            }
            var score = (marked.Count, chars);
            if (score.Count > bestScore.Distinct || (score.Count == bestScore.Distinct && chars > bestScore.Chars))
            {
                best = segment.Page;
                bestScore = score;
            }
        }
        return best;
    }
}
