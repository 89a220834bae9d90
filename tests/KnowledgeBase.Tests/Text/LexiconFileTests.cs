using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;

namespace KnowledgeBase.Tests.Text;

/// <summary>
/// Lexicon files are looked up by binary search over their bytes: the shipped files hold their lines in key order, may
/// repeat a key and start with comments; entries given in code come in any order. All must read as the plain grouping
/// of their lines.
/// </summary>
public sealed class LexiconFileTests
{
    private const string InKeyOrder = """
        \uFEFF# a comment line
        # another

        产业\tindustry
        园区\tpark; industrial park
        园区\tzone; park
        没有释义的行
        边境\tborder; frontier
        边民\tborder resident
        """;

    [Fact]
    public void A_file_in_key_order_reads_as_its_lines_grouped_in_file_order()
    {
        var lexicon = Read(InKeyOrder);
        Assert.Equal(4, lexicon.Count);
        Assert.True(lexicon.TryGet("园区", out var park));
        Assert.Equal(["park", "industrial park", "zone"], park);
        Assert.True(lexicon.TryGet("边境", out var border));
        Assert.Equal(["border", "frontier"], border);
        Assert.True(lexicon.TryGet("产业", out var industry)); // the first entry, right after the comments
        Assert.Equal(["industry"], industry);
        Assert.True(lexicon.TryGet("边民", out var resident)); // the last, without a newline after it
        Assert.Equal(["border resident"], resident);
        // A key prefix, a line without a tab and a comment are not entries.
        Assert.False(lexicon.TryGet("园", out _));
        Assert.False(lexicon.TryGet("没有释义的行", out _));
        Assert.False(lexicon.TryGet("# a comment line", out _));
        Assert.False(lexicon.TryGet("一", out _)); // before every key
        Assert.False(lexicon.TryGet("龟", out _)); // after every key
    }

    [Fact]
    public void Entries_given_in_code_in_any_order_read_the_same_as_the_file()
    {
        var file = Read(InKeyOrder);
        var lines = InKeyOrder.Replace("\\t", "\t").Split('\n').Where(l => l.Contains('\t')).Reverse().ToList();
        var code = new ChineseEnglishLexicon(lines.Select(l => l.Split('\t')).Select(p => new KeyValuePair<string, string[]>(p[0], p[1].Split(';'))));
        // Reversed, the repeated key's lines come in the other order; everything else must read the same.
        Assert.True(code.TryGet("园区", out var park));
        Assert.Equal(["zone", "park", "industrial park"], park);
        Assert.Equal(file.Count, code.Count);
        foreach (var word in new[] { "产业", "边境", "边民", "园", "没有释义的行" })
        {
            Assert.Equal(file.TryGet(word, out var a), code.TryGet(word, out var b));
            Assert.Equal(a, b);
        }
    }

    [Theory]
    [InlineData(EnglishChineseLexicon.FileName)]
    [InlineData(ChineseEnglishLexicon.FileName)]
    public void Every_shipped_table_is_in_byte_order_of_its_keys(string fileName)
    {
        var keys = File.ReadLines(new ResourceFiles().PathOf(fileName)).Where(l => !l.StartsWith('#') && l.Contains('\t'))
            .Select(l => System.Text.Encoding.UTF8.GetBytes(l[..l.IndexOf('\t')])).ToList();
        Assert.True(keys.Count > 10_000);
        for (var i = 1; i < keys.Count; i++)
            Assert.True(keys[i - 1].AsSpan().SequenceCompareTo(keys[i]) <= 0, $"line {i}: {System.Text.Encoding.UTF8.GetString(keys[i])}");
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
        Assert.True(lexicon.TryGet("industrial park", out var candidates));
        Assert.Equal(["产业园区", "工业园区", "开发区"], candidates);
        Assert.False(lexicon.TryGet("industrial", out _));
        Assert.True(lexicon.HasLongerPhrase("industrial"));
        Assert.False(lexicon.HasLongerPhrase("industrial park"));
        Assert.False(lexicon.HasLongerPhrase("park"));
    }

    private static ChineseEnglishLexicon Read(string text)
    {
        var resources = new ResourceFiles(TestServices.TempDirectory());
        File.WriteAllText(resources.PathOf(ChineseEnglishLexicon.FileName), text.Replace("\\t", "\t").Replace("\\uFEFF", "\uFEFF"));
        return ChineseEnglishLexicon.Load(resources);
    }
}
