using KnowledgeBase.Ocr.Imaging;

namespace KnowledgeBase.Ocr.Layout;

/// <summary>
/// Lays the characters of a vertical text column (竖排) side by side, upright, so that the recogniser, trained on
/// horizontal lines, reads them top to bottom. Turning the whole column on its side (PaddleOCR's answer for tall
/// boxes) shows it characters lying on their side. Characters are found by the blank rows between them; the pieces
/// of a character with blank rows inside it (三, 二, 旦) are put back together while they fit one cell.
/// </summary>
public static class VerticalLineTiler
{
    /// <summary>The column as one horizontal strip of its characters; the column itself when it holds fewer than two.</summary>
    public static GrayImage Tile(GrayImage column)
    {
        var cells = Cells(column);
        if (cells.Count < 2) return column;
        var width = column.Width;
        var gap = Math.Max(2, width / 6);
        var height = Math.Max(width, cells.Max(c => c.End - c.Start));
        var strip = GrayImage.Blank(cells.Count * (width + gap) + gap, height);
        var x = gap;
        foreach (var (start, end) in cells)
        {
            var top = (height - (end - start)) / 2;
            for (var r = start; r < end; r++)
                column.Row(r).CopyTo(strip.Row(top + r - start)[x..]);
            x += width + gap;
        }
        return strip;
    }

    /// <summary>Row ranges [Start, End) of the column's characters, top to bottom.</summary>
    public static List<(int Start, int End)> Cells(GrayImage column)
    {
        var ink = InkRows(column, out var inkWidth);
        var pieces = new List<(int Start, int End)>();
        for (var y = 0; y < ink.Length;)
        {
            if (!ink[y]) { y++; continue; }
            var start = y;
            while (y < ink.Length && ink[y]) y++;
            pieces.Add((start, y));
        }
        if (pieces.Count == 0) return pieces;

        // A character is about as tall as the column's ink is wide; pieces shorter than most of that are parts of
        // one character when together they still fit a cell.
        var cell = Math.Max(inkWidth, 1);
        var cells = new List<(int Start, int End)>();
        var current = pieces[0];
        foreach (var next in pieces.Skip(1))
        {
            var merged = (current.Start, next.End);
            var small = current.End - current.Start < 0.6 * cell || next.End - next.Start < 0.6 * cell;
            if (small && merged.End - merged.Start <= 1.1 * cell)
            {
                current = merged;
                continue;
            }
            cells.Add(current);
            current = next;
        }
        cells.Add(current);

        // Pad each cell by half the blank space around it, so glyphs are not cut flush.
        var padded = new List<(int Start, int End)>(cells.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            var before = i == 0 ? cells[i].Start : (cells[i].Start - cells[i - 1].End) / 2;
            var after = i == cells.Count - 1 ? column.Height - cells[i].End : (cells[i + 1].Start - cells[i].End) / 2;
            var pad = (int)(0.15 * cell);
            padded.Add((cells[i].Start - Math.Min(before, pad), cells[i].End + Math.Min(after, pad)));
        }
        return padded;
    }

    /// <summary>Which rows hold ink (pixels darker than Otsu's threshold), and how wide the inked columns span.</summary>
    private static bool[] InkRows(GrayImage column, out int inkWidth)
    {
        var threshold = Binarization.OtsuThreshold(column.Pixels);
        var rows = new bool[column.Height];
        int left = column.Width, right = -1;
        for (var y = 0; y < column.Height; y++)
        {
            var row = column.Row(y);
            for (var x = 0; x < row.Length; x++)
            {
                if (row[x] > threshold) continue;
                rows[y] = true;
                left = Math.Min(left, x);
                right = Math.Max(right, x);
            }
        }
        inkWidth = right >= left ? right - left + 1 : column.Width;
        return rows;
    }
}
