using KnowledgeBase.Configuration;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Model;
using KnowledgeBase.Text;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Chunking;

public sealed class PassageChunkerTests
{
    private static PassageChunker Chunker(int target = 120, int max = 160, int overlap = 30, int min = 60) =>
        new(Options.Create(new IngestOptions { TargetPassageChars = target, MaxPassageChars = max, OverlapChars = overlap, HardMaxPassageChars = 300, MinPassageChars = min }));

    private static string Sentences(string stem, int count) =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"{stem}第{i}项措施需要持续推进并落实到位。"));

    [Fact]
    public void Passages_map_back_to_the_exact_page_text()
    {
        var pages = new[] { new DocumentPage(1, Sentences("沿边产业园区", 12)), new DocumentPage(2, "Border parks need land. " + Sentences("土地要素保障", 9)) };
        var passages = Chunker().Chunk("doc", new ParsedDocument(pages, []));

        Assert.True(passages.Count > 3);
        foreach (var p in passages)
        {
            if (p.Page == p.PageEnd)
            {
                Assert.Equal(pages[p.Page - 1].Text[p.StartOffset..p.EndOffset], p.Text);
            }
            else
            {
                Assert.StartsWith(pages[p.Page - 1].Text[p.StartOffset..], p.Text);
                Assert.EndsWith(pages[p.PageEnd - 1].Text[..p.EndOffset], p.Text);
            }
        }
    }

    [Fact]
    public void Passages_never_cut_a_sentence_and_respect_the_maximum()
    {
        var text = Sentences("招商引资", 20);
        var passages = Chunker().Chunk("doc", new ParsedDocument([new DocumentPage(1, text)], []));
        foreach (var p in passages)
        {
            Assert.EndsWith("。", p.Text);
            Assert.True(p.StartOffset == 0 || text[p.StartOffset - 1] == '。', $"passage {p.Ordinal} starts mid-sentence");
            Assert.True(p.Text.Length <= 160, $"passage {p.Ordinal} has {p.Text.Length} chars");
        }
    }

    [Fact]
    public void Consecutive_passages_overlap_by_whole_sentences()
    {
        var text = Sentences("智库建设", 20);
        var passages = Chunker().Chunk("doc", new ParsedDocument([new DocumentPage(1, text)], []));
        for (var i = 1; i < passages.Count; i++)
        {
            Assert.True(passages[i].StartOffset < passages[i - 1].EndOffset, "expected overlap");
            Assert.True(passages[i].StartOffset > passages[i - 1].StartOffset, "expected progress");
        }
        Assert.Equal(text.Length, passages[^1].EndOffset);
    }

    [Fact]
    public void Passages_carry_the_heading_path_in_force_where_they_start()
    {
        var body1 = Sentences("总体要求", 3);
        var body2 = Sentences("保障措施", 3);
        var text = $"第一章 总则\n{body1}\n第二节 土地\n{body2}";
        var headings = new List<Heading>
        {
            new(1, 0, 1, "第一章 总则"),
            new(1, text.IndexOf("第二节", StringComparison.Ordinal), 2, "第二节 土地"),
        };
        var passages = Chunker(target: 1000, max: 2000).Chunk("doc", new ParsedDocument([new DocumentPage(1, text)], headings));
        Assert.Equal(2, passages.Count);
        Assert.Equal("第一章 总则", passages[0].HeadingPath);
        Assert.Equal("第一章 总则 > 第二节 土地", passages[1].HeadingPath);
    }

    [Fact]
    public void An_overlong_sentence_is_split_at_a_clause_mark()
    {
        var clause = "加快推进沿边产业园区基础设施建设，";
        var text = string.Concat(Enumerable.Repeat(clause, 40)) + "。";
        var passages = Chunker().Chunk("doc", new ParsedDocument([new DocumentPage(1, text)], []));
        Assert.True(passages.Count > 1);
        Assert.All(passages, p => Assert.True(p.Text.Length <= 300));
        Assert.All(passages.SkipLast(1), p => Assert.EndsWith("，", p.Text));
    }

    [Fact]
    public void English_sentences_split_at_periods_but_not_in_numbers()
    {
        var spans = SentenceSplitter.Split(1, "Growth was 3.5 percent. Parks expanded! Why? See www.gov.cn today.").ToList();
        Assert.Equal(4, spans.Count);
        Assert.Equal("Growth was 3.5 percent.", "Growth was 3.5 percent. Parks expanded! Why? See www.gov.cn today."[spans[0].Start..spans[0].End]);
    }

    [Fact]
    public void A_title_and_date_before_the_first_heading_are_folded_into_the_next_passage()
    {
        // The shape of a regulation: its title and adoption date, then chapter one.
        var text = $"北京市乡村振兴促进条例\n2024年5月31日 北京市第十六届人民代表大会常务委员会第十次会议通过\n第一章 总则\n{Sentences("乡村振兴", 3)}";
        var chapter = text.IndexOf("第一章", StringComparison.Ordinal);
        var headings = new List<Heading> { new(1, 0, 1, "北京市乡村振兴促进条例"), new(1, chapter, 2, "第一章 总则") };

        var kept = Chunker(target: 1000, max: 2000, min: 0).Chunk("doc", new ParsedDocument([new DocumentPage(1, text)], headings));
        Assert.Equal(2, kept.Count);
        Assert.Equal(chapter - 1, kept[0].EndOffset);

        var folded = Chunker(target: 1000, max: 2000).Chunk("doc", new ParsedDocument([new DocumentPage(1, text)], headings));
        var only = Assert.Single(folded);
        Assert.Equal(0, only.StartOffset);
        Assert.Equal(text.Length, only.EndOffset);
        Assert.Equal(text, only.Text);
        Assert.Equal("北京市乡村振兴促进条例", only.HeadingPath);
    }

    [Fact]
    public void Headings_without_text_fold_until_the_passage_can_stand_alone()
    {
        var text = $"总则\n评价内容\n评价要求\n{Sentences("评价方法", 4)}";
        var headings = new List<Heading>
        {
            new(1, 0, 1, "总则"),
            new(1, text.IndexOf("评价内容", StringComparison.Ordinal), 2, "评价内容"),
            new(1, text.IndexOf("评价要求", StringComparison.Ordinal), 1, "评价要求"),
        };
        var passages = Chunker(target: 1000, max: 2000).Chunk("doc", new ParsedDocument([new DocumentPage(1, text)], headings));
        var only = Assert.Single(passages);
        Assert.Equal(text, only.Text);
        Assert.Equal(0, only.Ordinal);
    }

    [Fact]
    public void A_short_last_passage_folds_into_the_previous_one_across_a_page_break()
    {
        var body = Sentences("营商环境", 6);
        var pages = new[] { new DocumentPage(1, body), new DocumentPage(2, "第八章 附则\n本条例自2020年4月10日起施行。") };
        var headings = new List<Heading> { new(2, 0, 1, "第八章 附则") };
        var passages = Chunker(target: 1000, max: 2000).Chunk("doc", new ParsedDocument(pages, headings));

        var only = Assert.Single(passages);
        Assert.Equal((1, 2), (only.Page, only.PageEnd));
        Assert.Equal(0, only.StartOffset);
        Assert.Equal(pages[1].Text.Length, only.EndOffset);
        Assert.StartsWith(body, only.Text);
        Assert.EndsWith(pages[1].Text, only.Text);
    }

    [Fact]
    public void Folding_keeps_passages_contiguous_and_numbered_in_order()
    {
        var text = $"一、总体要求\n{Sentences("总体要求", 12)}\n二、附则\n{Sentences("附则", 1)}\n三、保障\n{Sentences("保障措施", 12)}";
        var headings = new List<Heading>
        {
            new(1, 0, 1, "一、总体要求"),
            new(1, text.IndexOf("二、附则", StringComparison.Ordinal), 1, "二、附则"),
            new(1, text.IndexOf("三、保障", StringComparison.Ordinal), 1, "三、保障"),
        };
        var passages = Chunker().Chunk("doc", new ParsedDocument([new DocumentPage(1, text)], headings));

        Assert.All(passages, p => Assert.True(p.Text.Count(c => !char.IsWhiteSpace(c)) >= 60, $"passage {p.Ordinal} is short: {p.Text}"));
        Assert.Equal(Enumerable.Range(0, passages.Count), passages.Select(p => p.Ordinal));
        Assert.All(passages, p => Assert.Equal(text[p.StartOffset..p.EndOffset], p.Text));
        // The short section goes with the one after it; the rest of the first section stays in its own section.
        var section2 = text.IndexOf("二、附则", StringComparison.Ordinal);
        Assert.Contains(passages, p => p.StartOffset == section2 && p.Text.Contains("三、保障", StringComparison.Ordinal));
        Assert.All(passages.Where(p => p.StartOffset < section2), p => Assert.True(p.EndOffset < section2, $"passage {p.Ordinal} runs into the next section"));
        for (var i = 1; i < passages.Count; i++) Assert.True(passages[i].StartOffset <= passages[i - 1].EndOffset + 1, "a gap between passages");
    }
}
