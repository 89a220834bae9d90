using KnowledgeBase.Ocr.Geometry;

namespace KnowledgeBase.Ocr.Layout;

/// <summary>
/// Orders text lines as a reader reads them, by Breuel's rules for page layout ("High performance document layout
/// analysis", 2003): line a comes before line b when
/// <list type="number">
/// <item>their horizontal extents overlap and a is above b (one column, top to bottom), or</item>
/// <item>a lies wholly left of b and no third line between them vertically overlaps both (the left column is
/// finished before the right one starts, unless a full-width heading or figure separates the two bands).</item>
/// </list>
/// Rule 2 sends the reader up from a line to one above and to the right of it, which is only right across a column
/// gutter: a white strip with text on both sides and running text on its left. A line below and left of another is
/// therefore put first only when such a gutter separates the two (<see cref="ColumnGutter"/>): not when nothing
/// stands beside the strip (a short heading or a paragraph's last line under a centred line or a formula), and not
/// when the text left of it is a column of short table cells (a table is read row by row, as <c>pdftotext</c> reads
/// the tables it recognises). A centred line with nothing beside it (a running header, a chapter title, a caption)
/// comes before every line below it.
/// The partial order is completed by a topological sort that takes the topmost available line first. A two-column
/// page comes out column by column; a title over both columns first; sidebars and margin notes as their own column.
/// </summary>
public static class ReadingOrder
{
    /// <summary>Pages with more lines than this are ordered top to bottom, left to right: the rules cost n³.</summary>
    public const int MaxLinesForLayout = 600;

    /// <summary>The indices of <paramref name="lines"/> in reading order.</summary>
    public static int[] Order(IReadOnlyList<Bounds> lines)
    {
        var n = lines.Count;
        if (n <= 1) return Enumerable.Range(0, n).ToArray();
        if (n > MaxLinesForLayout) return Enumerable.Range(0, n).OrderBy(i => lines[i].Top).ThenBy(i => lines[i].Left).ToArray();

        var page = new PageLines(lines);
        var successors = new List<int>[n];
        var predecessors = new int[n];
        for (var i = 0; i < n; i++) successors[i] = [];
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                if (a == b || !Before(page, a, b)) continue;
                successors[a].Add(b);
                predecessors[b]++;
            }
        }

        var order = new List<int>(n);
        var done = new bool[n];
        var available = new SortedSet<int>(Comparer<int>.Create((x, y) => CompareTopLeft(lines, x, y)));
        for (var i = 0; i < n; i++)
            if (predecessors[i] == 0) available.Add(i);
        while (order.Count < n)
        {
            int next;
            if (available.Count > 0)
            {
                next = available.Min;
                available.Remove(next);
            }
            else
            {
                // A cycle (skewed or overlapping boxes): release the topmost line left and go on.
                next = Enumerable.Range(0, n).Where(i => !done[i]).OrderBy(i => i, Comparer<int>.Create((x, y) => CompareTopLeft(lines, x, y))).First();
            }
            done[next] = true;
            order.Add(next);
            foreach (var s in successors[next])
            {
                if (done[s]) continue;
                if (--predecessors[s] == 0) available.Add(s);
            }
        }
        return order.ToArray();
    }

    private static int CompareTopLeft(IReadOnlyList<Bounds> lines, int x, int y)
    {
        var c = lines[x].Top.CompareTo(lines[y].Top);
        if (c == 0) c = lines[x].Left.CompareTo(lines[y].Left);
        return c == 0 ? x.CompareTo(y) : c;
    }

    private static bool Before(PageLines page, int a, int b)
    {
        var lines = page.Lines;
        var la = lines[a];
        var lb = lines[b];
        if (OverlapsX(la, lb)) return la.CenterY < lb.CenterY || (la.CenterY == lb.CenterY && la.Left < lb.Left);
        if (page.Heads[a] && Under(lb, la)) return true;
        if (la.Right > lb.Left + Slack(la, lb)) return false;
        var top = Math.Min(la.CenterY, lb.CenterY);
        var bottom = Math.Max(la.CenterY, lb.CenterY);
        for (var c = 0; c < lines.Count; c++)
        {
            if (c == a || c == b) continue;
            var lc = lines[c];
            // Any overlap blocks: a short last line of a paragraph is "left of" a centred heading above it, and the
            // paragraph's lines between them, however little they reach over the short line, keep it after the heading.
            if (lc.CenterY > top && lc.CenterY < bottom && lc.OverlapX(la) > 0 && lc.OverlapX(lb) > 0) return false;
        }
        return !Under(la, lb) || (!page.Heads[b] && ColumnGutter(page, a, b));
    }

    /// <summary>Whether <paramref name="lower"/> lies below <paramref name="upper"/>, on a row of its own.</summary>
    internal static bool Under(Bounds lower, Bounds upper) => lower.CenterY > upper.CenterY && !SameRow(lower, upper);

    /// <summary>
    /// Whether a column gutter runs between line <paramref name="a"/> (below, left) and line <paramref name="b"/>
    /// (above, right): a piece of the span between them that no line of the band from b down to a covers, and that
    /// <see cref="GutterStrip"/> finds to be a gutter (running text on its left, text on both sides) where the band lies.
    /// </summary>
    private static bool ColumnGutter(PageLines page, int a, int b)
    {
        var lines = page.Lines;
        var la = lines[a];
        var lb = lines[b];
        var (first, end) = page.Band(lb.Top, la.Bottom);

        // The white pieces of the span between a's right edge and b's left edge, with the band's lines taken out.
        var white = page.White;
        var cut = page.Cut;
        white.Clear();
        white.Add((la.Right, lb.Left));
        for (var k = first; k < end && white.Count > 0; k++)
        {
            var lc = lines[page.ByCenterY[k]];
            cut.Clear();
            foreach (var (left, right) in white)
            {
                if (lc.Right <= left || lc.Left >= right) { cut.Add((left, right)); continue; }
                if (lc.Left > left) cut.Add((left, lc.Left));
                if (lc.Right < right) cut.Add((lc.Right, right));
            }
            (white, cut) = (cut, white);
        }
        foreach (var (left, right) in white)
            if (right > left && page.Strip(left, right).IsGutterAt(first)) return true;
        return false;
    }

    /// <summary>
    /// Two lines on one row: their vertical extents overlap by more than a third of the smaller one's height (a
    /// formula's parts and captions of different lengths side by side sit a little off each other's baseline).
    /// </summary>
    internal static bool SameRow(Bounds x, Bounds y) => x.OverlapY(y) > Math.Min(x.Height, y.Height) / 3;

    /// <summary>Horizontal overlap that counts: more than a fifth of the smaller type size, so touching or slightly skewed boxes of neighbouring columns do not.</summary>
    internal static bool OverlapsX(Bounds a, Bounds b) => a.OverlapX(b) > Slack(a, b);

    /// <summary>A fifth of the smaller line's type size (the short side of its box, whichever way it runs).</summary>
    internal static double Slack(Bounds a, Bounds b) =>
        0.2 * Math.Min(Math.Min(a.Width, a.Height), Math.Min(b.Width, b.Height));
}
