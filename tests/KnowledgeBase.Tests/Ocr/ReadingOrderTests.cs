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
    public void A_section_heading_under_a_centred_running_header_and_chapter_title_is_read_after_them()
    {
        // The heading lies wholly left of both centred lines above it and nothing stands beside any of them.
        var lines = new List<OcrLine>
        {
            Line("header", 420, 20, 580, 42),
            Line("chapter", 400, 90, 600, 120),
            Line("1.1 heading", 100, 160, 260, 185),
            Line("body1", 140, 200, 900, 222),
            Line("body2", 100, 230, 900, 252),
        };
        Assert.Equal(["header", "chapter", "1.1 heading", "body1", "body2"], Read(lines));
    }

    [Fact]
    public void The_short_last_line_of_a_paragraph_stays_after_its_first_line_when_it_ends_left_of_the_indent()
    {
        var lines = new List<OcrLine>
        {
            Line("heading", 100, 60, 350, 85),
            Line("first", 145, 100, 900, 122), // indented two characters
            Line("last", 100, 130, 138, 152), // two characters, ending left of the indent above
            Line("next heading", 100, 180, 350, 205),
        };
        Assert.Equal(["heading", "first", "last", "next heading"], Read(lines));
    }

    [Fact]
    public void A_table_of_short_cells_beside_their_descriptions_is_read_row_by_row_under_its_centred_title()
    {
        var lines = new List<OcrLine> { Line("title", 420, 40, 580, 70) };
        string[] terms = ["HPC", "cluster", "Itanium", "SMP", "API", "PMDA-BDA"];
        double[] widths = [55, 75, 86, 57, 47, 135];
        for (var i = 0; i < terms.Length; i++)
        {
            var top = 120 + 40 * i;
            lines.Add(Line(terms[i], 100, top, 100 + widths[i], top + 27));
            lines.Add(Line($"{terms[i]} meaning", 310, top, 310 + 60 * (i % 3 + 1), top + 27));
        }
        lines.Add(Line("closing paragraph", 100, 400, 900, 422));

        Assert.Equal(
        [
            "title", "HPC", "HPC meaning", "cluster", "cluster meaning", "Itanium", "Itanium meaning", "SMP", "SMP meaning",
            "API", "API meaning", "PMDA-BDA", "PMDA-BDA meaning", "closing paragraph",
        ], Read(lines));
    }

    [Fact]
    public void Justified_columns_of_unequal_length_and_offset_rows_are_read_column_by_column()
    {
        // The left column runs longer than the right one and ends in a short line; the right column's rows sit half
        // a row lower than the left one's, so no line of one column shares a row with a line of the other exactly.
        var left = Column("L", 8, 100, 480, 120).ToList();
        left[^1] = Line("L8", 100, left[^1].Bounds.Top, 220, left[^1].Bounds.Bottom);
        var right = Column("R", 5, 520, 900, 135).ToList();
        var lines = right.Concat(left).Append(Line("centred footer", 450, 900, 550, 922)).ToList();

        Assert.Equal(["L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "R1", "R2", "R3", "R4", "R5", "centred footer"], Read(lines));
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
