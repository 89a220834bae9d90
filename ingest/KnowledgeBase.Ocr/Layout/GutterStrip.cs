using KnowledgeBase.Ocr.Geometry;

namespace KnowledgeBase.Ocr.Layout;

/// <summary>
/// A vertical strip of the page from <c>left</c> to <c>right</c>, cut into runs by the lines that bridge it (a
/// full-width heading, a figure, a footer), and per run whether it is a column gutter: lines stand beside it on
/// both sides, and more than half of those on its left end within half a character of the rightmost of them, as
/// the lines of a justified column do. Table cells stop where their text stops, so a few long ones set the edge
/// and most fall short of it.
/// </summary>
internal sealed class GutterStrip
{
    /// <summary>Per run: its first position from the top (in <see cref="PageLines.ByCenterY"/>), its end, and whether it is a gutter.</summary>
    private readonly List<(int First, int End, bool Gutter)> _runs = [];

    public GutterStrip(PageLines page, double left, double right)
    {
        var lines = page.Lines;
        var byY = page.ByCenterY;
        var start = 0;
        for (var k = 0; k <= byY.Length; k++)
        {
            if (k < byY.Length)
            {
                var l = lines[byY[k]];
                if (!(l.Left < left + 0.2 * l.Height && l.Right > right - 0.2 * l.Height)) continue;
            }
            if (k > start) _runs.Add((start, k, IsGutter(page, right, start, k)));
            start = k + 1;
        }
    }

    /// <summary>Whether the run holding position <paramref name="position"/> is a gutter (false on a bridging line).</summary>
    public bool IsGutterAt(int position)
    {
        foreach (var (first, end, gutter) in _runs)
            if (position >= first && position < end) return gutter;
        return false;
    }

    private static bool IsGutter(PageLines page, double right, int first, int end)
    {
        var beside = 0;
        var edge = double.MinValue;
        for (var k = first; k < end; k++)
        {
            if (!LeftBeside(page, right, k)) continue;
            beside++;
            edge = Math.Max(edge, page.Lines[page.ByCenterY[k]].Right);
        }
        if (beside == 0) return false;
        var reaching = 0;
        for (var k = first; k < end; k++)
        {
            var l = page.Lines[page.ByCenterY[k]];
            if (LeftBeside(page, right, k) && l.Right >= edge - 0.5 * l.Height) reaching++;
        }
        return reaching * 2 > beside;
    }

    /// <summary>The line at position <paramref name="k"/> ends left of the strip's right edge and has a line beside it right of the strip.</summary>
    private static bool LeftBeside(PageLines page, double right, int k)
    {
        var i = page.ByCenterY[k];
        return page.Lines[i].Right <= right - 0.2 * page.Lines[i].Height && page.ReachRight[i] >= right;
    }
}
