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

        var successors = new List<int>[n];
        var predecessors = new int[n];
        for (var i = 0; i < n; i++) successors[i] = [];
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                if (a == b || !Before(lines, a, b)) continue;
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

    internal static bool Before(IReadOnlyList<Bounds> lines, int a, int b)
    {
        var la = lines[a];
        var lb = lines[b];
        if (OverlapsX(la, lb)) return la.CenterY < lb.CenterY || (la.CenterY == lb.CenterY && la.Left < lb.Left);
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
        return true;
    }

    /// <summary>Horizontal overlap that counts: more than a fifth of the smaller type size, so touching or slightly skewed boxes of neighbouring columns do not.</summary>
    private static bool OverlapsX(Bounds a, Bounds b) => a.OverlapX(b) > Slack(a, b);

    /// <summary>A fifth of the smaller line's type size (the short side of its box, whichever way it runs).</summary>
    private static double Slack(Bounds a, Bounds b) =>
        0.2 * Math.Min(Math.Min(a.Width, a.Height), Math.Min(b.Width, b.Height));
}
