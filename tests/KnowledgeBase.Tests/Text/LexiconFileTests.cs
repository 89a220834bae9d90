using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;

namespace KnowledgeBase.Tests.Text;

/// <summary>
/// Lexicon files are looked up by binary search over their lines: the shipped files are in key order, but a file a
/// deployment supplies may not be, and may repeat a key. Both must read as the plain grouping of their lines.
/// </summary>
public sealed class LexiconFileTests
{
    private const string Unordered = """
        # a comment line
        边境\tborder; frontier
        园区\tpark; industrial park

        没有释义的行
        园区\tzone; park
        产业\tindustry
        \uFEFF边民\tborder resident
        """;

    [Fact]
    public void An_unordered_file_with_repeated_keys_reads_as_its_lines_grouped_in_file_order()
    {
        var lexicon = Read(Unordered);
        Assert.Equal(4, lexicon.Count);
        Assert.True(lexicon.TryGet("园区", out var park));
        Assert.Equal(["park", "industrial park", "zone"], park);
        Assert.True(lexicon.TryGet("边境", out var border));
        Assert.Equal(["border", "frontier"], border);
        Assert.True(lexicon.TryGet("边民", out var resident));
        Assert.Equal(["border resident"], resident);
        // A key prefix, a line without a tab and a comment are not entries.
        Assert.False(lexicon.TryGet("园", out _));
        Assert.False(lexicon.TryGet("没有释义的行", out _));
        Assert.False(lexicon.TryGet("# a comment line", out _));
    }

    [Fact]
    public void The_same_lines_in_key_order_read_the_same()
    {
        var unordered = Read(Unordered);
        var ordered = Read(string.Join('\n', Unordered.Split('\n').OrderBy(l => l.TrimStart('\uFEFF'), StringComparer.Ordinal)));
        Assert.Equal(unordered.Count, ordered.Count);
        foreach (var word in new[] { "园区", "边境", "边民", "产业", "园" })
        {
            Assert.Equal(unordered.TryGet(word, out var a), ordered.TryGet(word, out var b));
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void English_phrases_given_in_code_are_normalised_and_looked_up_whole()
    {
        var lexicon = new EnglishChineseLexicon([
            new("Industrial Parks", ["产业园区", "工业园区"]),
            new("park", ["公园", "园区"]),
            new("industrial park", ["开发区", "产业园区"]),
        ]);
        Assert.Equal(2, lexicon.Count);
        Assert.Equal(2, lexicon.MaxPhraseWords);
        Assert.True(lexicon.TryGet("industrial park", out var candidates));
        Assert.Equal(["产业园区", "工业园区", "开发区"], candidates);
        Assert.False(lexicon.TryGet("industrial", out _));
    }

    private static ChineseEnglishLexicon Read(string text)
    {
        var resources = new ResourceFiles(TestServices.TempDirectory());
        File.WriteAllText(resources.PathOf(ChineseEnglishLexicon.FileName), text.Replace("\\t", "\t").Replace("\\uFEFF", "\uFEFF"));
        return ChineseEnglishLexicon.Load(resources);
    }
}
