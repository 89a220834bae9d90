using KnowledgeBase.Ocr;
using KnowledgeBase.Ocr.Geometry;
using KnowledgeBase.Ocr.Layout;

namespace KnowledgeBase.Tests.Ocr;

/// <summary>Reading order and paragraphs on synthetic layouts of line boxes (pixels, y downwards).</summary>
public sealed class ReadingOrderTests
{
    private static OcrLine Line(string text, double left, double top, double right, double bottom, bool vertical = false) =>
        new(text, 0.99, new Quad(new PointD(left, top), new PointD(right, top), new PointD(right, bottom), new PointD(left, bottom)), vertical);

    private static List<string> Read(IReadOnlyList<OcrLine> lines, int pageWidth = 1000) =>
        PageLayout.Arrange(lines, pageWidth).SelectMany(b => b.Lines).Select(l => l.Text).ToList();

    /// <summary>Lines of a column: one every 30 pixels from <paramref name="top"/>.</summary>
    private static IEnumerable<OcrLine> Column(string name, int count, double left, double right, double top) =>
        Enumerable.Range(0, count).Select(i => Line($"{name}{i + 1}", left, top + 30 * i, right, top + 30 * i + 22));

    [Fact]
    public void A_two_column_page_is_read_column_by_column_under_its_title_and_above_its_footer()
    {
        // Given in the order a detector might find them: row by row across both columns.
        var lines = new List<OcrLine> { Line("title", 200, 40, 800, 70), Line("footer", 100, 900, 900, 922) };
        var left = Column("L", 5, 100, 480, 120).ToList();
        var right = Column("R", 5, 520, 900, 120).ToList();
        for (var i = 0; i < 5; i++) { lines.Add(right[i]); lines.Add(left[i]); }

        Assert.Equal(["title", "L1", "L2", "L3", "L4", "L5", "R1", "R2", "R3", "R4", "R5", "footer"], Read(lines));
    }

    [Fact]
    public void A_full_width_heading_between_two_column_bands_is_read_between_them()
    {
        var lines = Column("a", 3, 100, 480, 100).Concat(Column("b", 3, 520, 900, 100))
            .Append(Line("heading", 100, 220, 900, 245))
            .Concat(Column("c", 3, 100, 480, 280)).Concat(Column("d", 3, 520, 900, 280))
            .Reverse().ToList();

        Assert.Equal(["a1", "a2", "a3", "b1", "b2", "b3", "heading", "c1", "c2", "c3", "d1", "d2", "d3"], Read(lines));
    }

    [Fact]
    public void A_sidebar_and_a_margin_note_are_read_as_their_own_columns()
    {
        var main = Column("m", 8, 100, 600, 100).ToList();
        var sidebar = Column("s", 3, 650, 900, 160).ToList();
        var note = Line("note", 20, 190, 85, 205); // a short note in the left margin beside m4
        var lines = main.Concat(sidebar).Append(note).OrderBy(l => l.Bounds.Top).ToList();

        var order = Read(lines);
        Assert.Equal(["note", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "s1", "s2", "s3"], order);
    }

    [Fact]
    public void Vertical_columns_are_read_top_to_bottom_right_to_left()
    {
        var lines = new[]
        {
            Line("左列", 300, 50, 340, 450, vertical: true),
            Line("右列", 500, 50, 540, 450, vertical: true),
            Line("中列", 400, 50, 440, 300, vertical: true),
        };
        Assert.Equal(["右列", "中列", "左列"], Read(lines, pageWidth: 600));
    }

    [Fact]
    public void Indented_first_lines_start_paragraphs_and_lines_of_one_paragraph_stay_together()
    {
        var lines = new[]
        {
            Line("p1a", 140, 100, 900, 122), // indented two characters
            Line("p1b", 100, 130, 900, 152),
            Line("p1c", 100, 160, 500, 182), // ends short: the paragraph ends
            Line("p2a", 140, 190, 900, 212),
            Line("p2b", 100, 220, 900, 242),
            Line("Heading", 100, 290, 600, 330), // larger type after a gap
        };
        var blocks = PageLayout.Arrange(lines, 1000).Select(b => string.Join(" ", b.Lines.Select(l => l.Text))).ToList();
        Assert.Equal(["p1a p1b p1c", "p2a p2b", "Heading"], blocks);
    }
}
