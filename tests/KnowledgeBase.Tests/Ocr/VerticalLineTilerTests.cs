using KnowledgeBase.Ocr.Imaging;
using KnowledgeBase.Ocr.Layout;

namespace KnowledgeBase.Tests.Ocr;

/// <summary>Cutting a vertical column into its characters.</summary>
public sealed class VerticalLineTilerTests
{
    /// <summary>A 40-pixel-wide white column with black bars at the given row ranges.</summary>
    private static GrayImage Column(int height, params (int Top, int Bottom)[] bars)
    {
        var image = GrayImage.Blank(40, height);
        foreach (var (top, bottom) in bars)
            for (var y = top; y < bottom; y++)
                image.Row(y)[4..36].Fill(0);
        return image;
    }

    [Fact]
    public void Characters_are_cut_at_the_blank_rows_between_them_and_the_strokes_of_one_character_stay_together()
    {
        // Two solid characters, then a 三 (three strokes with blank rows between them) that fits one cell, then one more.
        var column = Column(260, (10, 42), (52, 84), (94, 98), (106, 110), (118, 124), (140, 172));
        var cells = VerticalLineTiler.Cells(column);
        Assert.Equal(4, cells.Count);
        Assert.True(cells[2].Start <= 94 && cells[2].End >= 124, $"三 is one cell: {cells[2]}");
        Assert.All(cells.Zip(cells.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start));
    }

    [Fact]
    public void The_tiled_strip_holds_the_characters_side_by_side_upright()
    {
        var column = Column(200, (10, 42), (60, 92), (110, 142));
        var strip = VerticalLineTiler.Tile(column);
        Assert.True(strip.Width > 3 * column.Width, $"strip {strip.Width}×{strip.Height}");
        Assert.True(strip.Height < column.Height / 2);
        // Three separate runs of ink across the strip's middle row.
        var middle = strip.Row(strip.Height / 2).ToArray();
        var runs = middle.Zip(middle.Skip(1)).Count(p => p.First == 255 && p.Second == 0);
        Assert.Equal(3, runs);
    }
}
