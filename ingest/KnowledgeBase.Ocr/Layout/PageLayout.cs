using KnowledgeBase.Ocr.Geometry;

namespace KnowledgeBase.Ocr.Layout;

/// <summary>
/// Puts recognised lines in reading order and groups them into paragraphs. A page whose text runs mostly in
/// vertical columns (竖排) is read in a frame turned a quarter: columns right to left, each top to bottom, by the
/// same rules that read horizontal lines top to bottom and columns left to right.
/// </summary>
public static class PageLayout
{
    public static IReadOnlyList<OcrBlock> Arrange(IReadOnlyList<OcrLine> lines, int pageWidth)
    {
        if (lines.Count == 0) return [];
        var verticalChars = lines.Where(l => l.Vertical).Sum(l => l.Text.Length);
        var vertical = verticalChars * 2 > lines.Sum(l => l.Text.Length);
        // In the turned frame a point (x, y) of the page sits at (y, W − x): the rightmost column becomes the top
        // row and the top of a column its left end.
        var frames = lines.Select(l => vertical ? Turn(l.Bounds, pageWidth) : l.Bounds).ToList();
        var order = ReadingOrder.Order(frames);

        var blocks = new List<OcrBlock>();
        var current = new List<int>();
        foreach (var index in order)
        {
            if (current.Count > 0 && !Continues(frames, current, index))
            {
                blocks.Add(new OcrBlock(current.Select(i => lines[i]).ToList()));
                current = [];
            }
            current.Add(index);
        }
        blocks.Add(new OcrBlock(current.Select(i => lines[i]).ToList()));
        return blocks;
    }

    internal static Bounds Turn(Bounds b, int pageWidth) => new(b.Top, pageWidth - b.Right, b.Bottom, pageWidth - b.Left);

    /// <summary>
    /// Whether line <paramref name="next"/> carries on the paragraph of <paramref name="block"/>: it sits right under
    /// the block's last line, within the same column, in type of about the same size, is not indented (a Chinese
    /// paragraph starts two characters in) and the line before it ran to the column's right edge.
    /// </summary>
    private static bool Continues(List<Bounds> frames, List<int> block, int next)
    {
        var last = frames[block[^1]];
        var line = frames[next];
        var size = Math.Min(last.Height, line.Height);
        if (size <= 0) return false;
        if (Math.Max(last.Height, line.Height) > 1.4 * size) return false;
        var gap = line.Top - last.Bottom;
        if (line.CenterY <= last.CenterY || gap > 0.8 * size) return false;
        if (last.OverlapX(line) < 0.5 * Math.Min(last.Width, line.Width)) return false;

        var body = block.Count > 1 ? block.Skip(1).Select(i => frames[i]).ToList() : [frames[block[0]]];
        var left = body.Min(b => b.Left);
        var right = block.Select(i => frames[i]).Append(line).Max(b => b.Right);
        if (line.Left > left + 1.2 * size) return false;
        if (last.Right < right - 1.5 * size) return false;
        return true;
    }
}
