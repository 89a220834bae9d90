using KnowledgeBase.Bench;

namespace KnowledgeBase.Tests.Bench;

/// <summary>The measures the OCR benchmark reports (the page CER with its breakdown, the line-matched CER) and how it picks renderable pages.</summary>
public sealed class OcrScoreTests
{
    [Fact]
    public void Page_errors_split_into_substitutions_insertions_and_deletions()
    {
        // 刁 for 习 (substitution), 的 missed (deletion), a stray 论 (insertion); punctuation and spaces do not count.
        var edits = OcrScore.Edits("机器学习的模型方法，共 3 种。", "机器学刁模型方法论，共3种");
        Assert.Equal(new EditCounts(1, 1, 1, 12), edits);
        Assert.Equal(3, edits.Errors);
        // Full-width letters and digits are the ASCII ones.
        Assert.Equal(0, OcrScore.Edits("ＴＰＲ１", "TPR1").Errors);
    }

    [Fact]
    public void Characters_a_text_layer_writes_in_compatibility_forms_count_as_the_plain_ones()
    {
        // A LaTeX formula's mathematical italic letters, 〸 (Hangzhou numeral) for 十, a compatibility ideograph (U+F967
        // 不): the page shows x, m, 十, 不 and the recogniser reads them so; dropping the forms from the reference would
        // count those correct readings as insertions.
        Assert.Equal("xm十年不", OcrScore.Countable("𝑥 = 𝑚，〸年\uF967"));
        Assert.Equal(new EditCounts(0, 0, 0, 5), OcrScore.Edits("𝑥 = 𝑚，〸年\uF967", "x=m，十年不"));
    }

    [Fact]
    public void Line_matched_errors_do_not_depend_on_reading_order_and_leave_figure_text_unscored()
    {
        // Two text-layer lines, "标题" at y 10 and "正文内容" at y 50; the engine read them bottom first, plus a
        // figure label at y 200 where the text layer has nothing.
        var reference = Glyphs("标题", 10).Concat(Glyphs("正文内容", 50)).ToList();
        List<ReadLine> lines =
        [
            new("正文内客", 0, 40, 100, 60),
            new("标题", 0, 0, 100, 20),
            new("流程图", 0, 190, 100, 210),
        ];

        var score = OcrLineScore.Score(reference, lines);

        Assert.Equal(new EditCounts(1, 0, 0, 6), score.Edits);
        Assert.Equal(3, score.Unscored);
        // The page CER counts the order: the title moved behind the body is deleted and inserted again.
        Assert.True(OcrScore.Edits("标题\n正文内容", string.Join("\n", lines.Select(l => l.Text))).Errors > 1);
    }

    [Fact]
    public void Errors_on_formula_characters_are_counted_apart_from_text_errors_and_add_up_to_the_whole()
    {
        // "其中x1即高" where x1 is a formula (marked): the recogniser reads 其中一即高 (x dropped, 1 read as 一) and misses
        // the whole formula line "X3" below; 高 read as 商 is a text error.
        var inline = Glyphs("其中x1即高", 10).Select((c, i) => c with { Formula = i is 2 or 3 }).ToList();
        var display = Glyphs("X3", 50).Select(c => c with { Formula = true });
        var reference = inline.Concat(display).ToList();

        var score = OcrLineScore.Score(reference, [new ReadLine("其中一即商", 0, 0, 200, 20)]);

        Assert.Equal(new EditCounts(1, 0, 0, 4), score.Text);
        Assert.Equal(new EditCounts(1, 0, 3, 4), score.Formulas);
        Assert.Equal(score.Text + score.Formulas, score.Edits);
    }

    [Fact]
    public void An_insertion_beside_a_formula_character_belongs_to_the_formula()
    {
        var (text, formula) = OcrScore.AlignSplit("ab中", "aXb中", i => i == 0);
        Assert.Equal(new EditCounts(0, 0, 0, 2), text);
        Assert.Equal(new EditCounts(0, 1, 0, 1), formula);
    }

    [Theory]
    [InlineData("YMSRIJ+CMMI10", true)]
    [InlineData("UHCPDJ+CMEX10", true)]
    [InlineData("TRBKLM+CMSY7", true)]
    [InlineData("QCSSAQ+CMR7", true)]
    [InlineData("IFAGEL+MSBM10", true)]
    [InlineData("NPMGLW+STIXTwoMath-Identity-H", true)]
    [InlineData("LGRPHQ+CMR10", false)]
    [InlineData("QZMDQK+LMRoman10-Regular-Identity-H", false)]
    [InlineData("BEJFEJ+FandolSong-Bold-Identity-H", false)]
    [InlineData("TimesNewRomanPSMT", false)]
    public void Math_fonts_are_told_by_name(string font, bool math) => Assert.Equal(math, FormulaGlyphs.IsMathFont(font));

    [Fact]
    public void Symbol_fonts_without_a_unicode_map_are_listed()
    {
        // pdffonts of 航空动力学报 1994 p. 2 and of a LaTeX page: cajcd's symbol fonts and TeX's big operators have
        // their own encoding and no ToUnicode map; a CID font without one (FandolSong) maps through its CMap.
        const string listing = """
            name                                 type              encoding         emb sub uni object ID
            ------------------------------------ ----------------- ---------------- --- --- --- ---------
            Times-Roman                          Type 1            Standard         no  no  no      21  0
            cajcd-fntbd                          Type 1            Builtin          yes no  no      29  0
            STSong-Light                         CID TrueType      GBK-EUC-H        no  no  no      18  0
            YMSRIJ+CMMI10                        Type 1C           Builtin          yes yes yes   1471  0
            UHCPDJ+CMEX10                        Type 1C           Builtin          yes yes no    1478  0
            BEJFEJ+FandolSong-Bold-Identity-H    CID Type 0C       Identity-H       yes yes no    1636  0
            """;
        Assert.Equal(["UHCPDJ+CMEX10", "cajcd-fntbd"], PdfFontListing.UnmappedSymbolFonts(listing).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Text_layer_glyphs_outside_every_line_are_deletions()
    {
        var reference = Glyphs("第一行", 10).Concat(Glyphs("第二行", 50)).ToList();
        var score = OcrLineScore.Score(reference, [new ReadLine("第一行", 0, 0, 100, 20)]);
        Assert.Equal(new EditCounts(0, 0, 3, 6), score.Edits);
    }

    [Fact]
    public void Word_boxes_are_shared_among_their_characters_and_scaled_to_the_scan()
    {
        var xhtml = """
            <html xmlns="http://www.w3.org/1999/xhtml"><body><doc><page width="595" height="842"><flow><block><line>
            <word xMin="72" yMin="72" xMax="108" yMax="84">中文{control}AB</word><word xMin="110" yMin="72" xMax="120" yMax="84">𝑥</word>
            </line></block></flow></page></doc></body></html>
            """.Replace("{control}", "\u0014", StringComparison.Ordinal);
        var glyphs = TextLayerGlyphs.Parse(xhtml, 144);

        // Five characters over 36 pt, at 2 pixels per point; the control character (a broken text layer's) is placed
        // but not counted. A word right after another (no space between the elements) is read too, its mathematical
        // italic x (two UTF-16 units) as one glyph.
        Assert.Equal(['中', '文', 'A', 'B', 'x'], glyphs.Select(g => g.Value));
        Assert.Equal(144 + 36 * 0.1 * 2, glyphs[0].X, 6);
        Assert.Equal(144 + 36 * 0.9 * 2, glyphs[3].X, 6);
        Assert.Equal(115 * 2, glyphs[4].X, 6);
        Assert.All(glyphs, g => Assert.Equal(156, g.Y, 6));
    }

    [Fact]
    public void Tesseract_tsv_rows_become_lines_with_their_boxes()
    {
        const string tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
                           "1\t1\t0\t0\t0\t0\t0\t0\t1240\t1754\t-1\t\n" +
                           "4\t1\t1\t1\t1\t0\t100\t200\t300\t30\t-1\t\n" +
                           "5\t1\t1\t1\t1\t1\t100\t200\t20\t30\t96.5\t机\n" +
                           "5\t1\t1\t1\t1\t2\t120\t200\t20\t30\t95.1\t器\n" +
                           "4\t1\t1\t1\t2\t0\t100\t240\t300\t30\t-1\t\n" +
                           "5\t1\t1\t1\t2\t1\t100\t240\t20\t30\t91.0\tAB\n";
        var lines = TesseractTsv.Lines(tsv);

        Assert.Equal([new ReadLine("机 器", 100, 200, 400, 230), new ReadLine("AB", 100, 240, 400, 270)], lines);
    }

    [Fact]
    public void A_pdf_whose_chinese_font_is_not_embedded_needs_a_chinese_font_on_the_machine()
    {
        // pdffonts of 航空动力学报 1994 (STSong-Light is named, not embedded) and of a LaTeX thesis (all embedded).
        const string named = """
            name                                 type              encoding         emb sub uni object ID
            ------------------------------------ ----------------- ---------------- --- --- --- ---------
            Times-Roman                          Type 1            Standard         no  no  no      21  0
            cajcd-fntaa                          Type 1            Builtin          yes no  no      25  0
            STSong-Light                         CID TrueType      GBK-EUC-H        no  no  no      18  0
            """;
        const string embedded = """
            name                                 type              encoding         emb sub uni object ID
            ------------------------------------ ----------------- ---------------- --- --- --- ---------
            PFBWJL+FandolSong-Regular            CID Type 0C       Identity-H       yes yes yes      4  0
            Times-Roman                          Type 1            Standard         no  no  no      21  0
            """;
        Assert.True(PdfFontListing.HasUnembeddedCidFont(named));
        Assert.False(PdfFontListing.HasUnembeddedCidFont(embedded));
        Assert.False(PdfFontListing.HasUnembeddedCidFont(""));
    }

    /// <summary>The characters of a line of 20-pixel glyphs starting at x 10, centred at <paramref name="y"/>.</summary>
    private static IEnumerable<ReferenceChar> Glyphs(string text, double y) =>
        text.Select((c, i) => new ReferenceChar(c, 10 + 20 * i, y));
}
