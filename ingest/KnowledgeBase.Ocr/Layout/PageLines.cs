using KnowledgeBase.Ocr.Geometry;

namespace KnowledgeBase.Ocr.Layout;

/// <summary>
/// The lines of one page as <see cref="ReadingOrder"/> consults them: from the top down, which of them head the text
/// below them, what stands beside each, and the strips between columns (measured once per page). One page is ordered
/// on one thread.
/// </summary>
internal sealed class PageLines
{
    private readonly Dictionary<(double Left, double Right), GutterStrip> _strips = [];

    public PageLines(IReadOnlyList<Bounds> lines)
    {
        Lines = lines;
        ByCenterY = Enumerable.Range(0, lines.Count).OrderBy(i => lines[i].CenterY).ToArray();
        Heads = Enumerable.Range(0, lines.Count).Select(IsHeading).ToArray();
        ReachRight = Enumerable.Range(0, lines.Count).Select(FarthestBeside).ToArray();
    }

    public IReadOnlyList<Bounds> Lines { get; }

    /// <summary>Line indices from the top down (by the middle of each line).</summary>
    public int[] ByCenterY { get; }

    /// <summary>
    /// Per line: it heads the text below it (a running header, a chapter title, a caption): it is centred over the
    /// lines below it and nothing stands beside it.
    /// </summary>
    public bool[] Heads { get; }

    /// <summary>
    /// Per line: where the farthest line beside it on the right (at its height) starts, plus a fifth of that line's
    /// type size; a strip whose right edge lies no further right has text beside it on both sides. Any vertical
    /// overlap counts: the rows of two columns need not line up, and half a row apart their boxes still overlap.
    /// </summary>
    public double[] ReachRight { get; }

    /// <summary>Working lists for the white pieces of a strip.</summary>
    public List<(double Left, double Right)> White { get; } = [];

    public List<(double Left, double Right)> Cut { get; } = [];

    /// <summary>The strip from <paramref name="left"/> to <paramref name="right"/>.</summary>
    public GutterStrip Strip(double left, double right)
    {
        if (!_strips.TryGetValue((left, right), out var strip)) _strips[(left, right)] = strip = new GutterStrip(this, left, right);
        return strip;
    }

    /// <summary>The positions in <see cref="ByCenterY"/> of the lines whose middles lie from <paramref name="top"/> to <paramref name="bottom"/>.</summary>
    public (int First, int End) Band(double top, double bottom)
    {
        var first = FirstAtOrBelow(top, inclusive: true);
        var end = FirstAtOrBelow(bottom, inclusive: false);
        return (first, Math.Max(first, end));
    }

    /// <summary>The first position whose middle is at <paramref name="y"/> (when <paramref name="inclusive"/>) or below it.</summary>
    private int FirstAtOrBelow(double y, bool inclusive)
    {
        int low = 0, high = ByCenterY.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            var c = Lines[ByCenterY[middle]].CenterY;
            if (inclusive ? c < y : c <= y) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    private double FarthestBeside(int index)
    {
        var line = Lines[index];
        var farthest = double.MinValue;
        for (var r = 0; r < Lines.Count; r++)
        {
            var other = Lines[r];
            if (r == index || line.OverlapY(other) <= 0 || other.Left < line.Right - ReadingOrder.Slack(line, other)) continue;
            farthest = Math.Max(farthest, other.Left + 0.2 * other.Height);
        }
        return farthest;
    }

    private bool IsHeading(int index)
    {
        var line = Lines[index];
        double left = double.MaxValue, right = double.MinValue;
        for (var c = 0; c < Lines.Count; c++)
        {
            if (c == index) continue;
            var other = Lines[c];
            if (ReadingOrder.SameRow(line, other) && !ReadingOrder.OverlapsX(line, other)) return false;
            if (!ReadingOrder.Under(other, line)) continue;
            left = Math.Min(left, other.Left);
            right = Math.Max(right, other.Right);
        }
        if (right - left <= line.Width) return false;
        return Math.Abs(line.CenterX - (left + right) / 2) <= 0.05 * (right - left);
    }
}
