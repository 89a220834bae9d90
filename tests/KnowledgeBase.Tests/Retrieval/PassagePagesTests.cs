using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;

namespace KnowledgeBase.Tests.Retrieval;

/// <summary>Which page each part of a passage comes from, and which page a result cites.</summary>
public sealed class PassagePagesTests
{
    private static Passage Make(int page, int pageEnd, int start, int end, params string[] parts) =>
        new("d:0", "d", 0, page, pageEnd, start, end, "", string.Join(Passage.PageSeparator, parts));

    [Fact]
    public void A_one_page_passage_is_one_segment()
    {
        var passage = Make(3, 3, 10, 20, "0123456789");
        Assert.Equal([new PageSegment(3, 0, 10)], PassagePages.Segments(passage));
        Assert.Equal(3, PassagePages.BestPage(passage, [[2, 4]], PassagePages.Segments(passage)));
    }

    [Fact]
    public void Two_pages_split_where_the_last_pages_text_begins_even_when_the_first_holds_line_breaks()
    {
        // Page 19's tail holds a line break of its own; page 20 contributes exactly EndOffset = 12 characters.
        var passage = Make(19, 20, 40, 12, "前置条件\n见下文", "0-RTT 握手前置条件");
        Assert.False(PassagePages.NeedsPageTexts(passage));
        var segments = PassagePages.Segments(passage);
        Assert.Equal([new PageSegment(19, 0, 8), new PageSegment(20, 9, 21)], segments);
        Assert.Equal("0-RTT 握手前置条件", passage.Text[segments[1].Start..segments[1].End]);
    }

    [Fact]
    public void The_cited_page_is_where_most_distinct_matched_words_are()
    {
        var passage = Make(19, 20, 40, 23, "前置条件见下文", "0-RTT 握手 max_early_data");
        var segments = PassagePages.Segments(passage);
        var text = passage.Text;
        int[] Range(string word) { var i = text.LastIndexOf(word, StringComparison.Ordinal); return [i, i + word.Length]; }
        // "前置条件" on page 19 once; "0-RTT", "握手" and "max_early_data" on page 20.
        Assert.Equal(20, PassagePages.BestPage(passage, [[0, 4], Range("0-RTT"), Range("握手"), Range("max_early_data")], segments));
        // Only page 19 matched: cite page 19.
        Assert.Equal(19, PassagePages.BestPage(passage, [[0, 4]], segments));
        // Nothing matched (e.g. a dense-only hit): the passage's first page.
        Assert.Equal(19, PassagePages.BestPage(passage, [], segments));
    }

    [Fact]
    public void Pages_in_between_are_measured_from_their_stored_text_and_empty_pages_take_no_room()
    {
        var pages = new Dictionary<int, string> { [5] = "第五页全文\n两行", [6] = "", [7] = "第七页" };
        // Page 4 from offset 2 ("尾部"), pages 5–7 whole, page 8 up to offset 3.
        var passage = Make(4, 8, 2, 3, "尾部", pages[5], pages[6], pages[7], "第八页");
        Assert.True(PassagePages.NeedsPageTexts(passage));
        var segments = PassagePages.Segments(passage, n => pages.GetValueOrDefault(n));
        Assert.Equal([4, 5, 6, 7, 8], segments.Select(s => s.Page));
        foreach (var (segment, expected) in segments.Zip(new[] { "尾部", pages[5], "", pages[7], "第八页" }))
            Assert.Equal(expected, passage.Text[segment.Start..segment.End]);
        var seventh = passage.Text.IndexOf("第七页", StringComparison.Ordinal);
        Assert.Equal(7, PassagePages.BestPage(passage, [[seventh, seventh + 3]], segments));
    }
}
