using KnowledgeBase.Configuration;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Model;
using KnowledgeBase.Text;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Chunking;

public sealed class PassageChunkerTests
{
    private static PassageChunker Chunker(int target = 120, int max = 160, int overlap = 30) =>
        new(Options.Create(new IngestOptions { TargetPassageChars = target, MaxPassageChars = max, OverlapChars = overlap, HardMaxPassageChars = 300 }));

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
}
