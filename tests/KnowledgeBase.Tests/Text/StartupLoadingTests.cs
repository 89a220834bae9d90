using JiebaNet.Segmenter;
using KnowledgeBase.Hosting;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Text;

/// <summary>
/// What the start-up work changed must not change results: jieba loads in the background and the lexicons build on
/// first use, and both must give exactly what the eager loads gave.
/// </summary>
public sealed class StartupLoadingTests
{
    [Fact]
    public async Task Segmenter_gives_jiebas_own_tokens_from_many_threads_at_first_use()
    {
        var sample = CorpusSample();
        var segmenter = new ChineseSegmenter(new ResourceFiles());
        // Several threads ask at once, whether or not the dictionary is loaded yet: each waits for the one load.
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => sample.Select(s => segmenter.SegmentForSearch(s).ToList()).ToList())));
        await segmenter.Ready;

        var jieba = new JiebaSegmenter();
        var expected = sample.Select(s => jieba.Tokenize(s, TokenizerMode.Search).Select(t => new Segment(t.Word, t.StartIndex, t.EndIndex)).ToList()).ToList();
        Assert.True(expected.Sum(e => e.Count) > 1000, "the sample is large enough to mean something");
        foreach (var run in runs)
            for (var i = 0; i < sample.Count; i++) Assert.Equal(expected[i], run[i]);
        // The policy vocabulary was added by the background load, before anyone could segment.
        Assert.Contains(segmenter.Segment("推进沿边产业园区建设"), s => s.Word == "沿边产业园区");
    }

    [Fact]
    public void Chinese_english_lexicon_built_on_first_use_equals_the_file_grouped_eagerly()
    {
        var resources = new ResourceFiles();
        var lexicon = ChineseEnglishLexicon.Load(resources);
        Assert.False(lexicon.IsLoaded);

        // The table as the previous eager constructor built it: entries grouped by word, glosses distinct in file order.
        var expected = ReadTsv(resources.PathOf(ChineseEnglishLexicon.FileName), ';')
            .GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(kv => kv.Value).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        Assert.True(expected.Count > 10_000);
        Assert.Equal(expected.Count, lexicon.Count);
        foreach (var (word, glosses) in expected)
        {
            Assert.True(lexicon.TryGet(word, out var actual), word);
            Assert.Equal(glosses, actual);
        }
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task English_chinese_lexicon_answers_every_phrase_of_its_file_in_the_form_a_query_takes()
    {
        var resources = new ResourceFiles();
        var lexicon = EnglishChineseLexicon.Load(resources);
        Assert.False(lexicon.IsLoaded);
        await lexicon.Preload();
        Assert.True(lexicon.IsLoaded);

        // The file is looked up as written, so its phrases must be what EnglishWords makes of a query (lower case,
        // apostrophes dropped, single spaces; stemmed once by the tool that wrote it).
        var entries = ReadTsv(resources.PathOf(EnglishChineseLexicon.FileName), ' ').ToList();
        Assert.True(entries.Count > 50_000);
        Assert.Equal(entries.Count, lexicon.Count);
        foreach (var (phrase, candidates) in entries)
        {
            Assert.Equal(string.Join(' ', EnglishWords.Split(phrase)), phrase);
            Assert.True(lexicon.TryGet(phrase, out var found), phrase);
            Assert.Equal(candidates.Distinct(StringComparer.Ordinal), found);
        }
        // Words whose stem ends in -s again must not be stemmed twice ("expenses" → "expens", not "expen").
        Assert.True(lexicon.TryGet(string.Join(' ', EnglishWords.Split("travel expenses").Select(EnglishStemmer.Stem)), out _));
        Assert.True(lexicon.TryGet(string.Join(' ', EnglishWords.Split("can't wait")), out _));
        Assert.False(lexicon.TryGet("no such phrase in any dictionary", out _));
    }

    [Fact]
    public void A_lexicon_reads_its_file_when_first_used_not_when_created()
    {
        var dir = TestServices.TempDirectory();
        var resources = new ResourceFiles(dir);
        var lexicon = ChineseEnglishLexicon.Load(resources); // no file yet: creating it reads nothing
        File.WriteAllText(resources.PathOf(ChineseEnglishLexicon.FileName), "园区\tpark; industrial park\n");
        Assert.True(lexicon.TryGet("园区", out var glosses));
        Assert.Equal(["park", "industrial park"], glosses);
    }

    [Fact]
    public async Task A_chinese_query_never_builds_the_english_to_chinese_table()
    {
        await using var services = TestServices.Create(TestServices.TempDirectory());
        services.StartSearchWarmup("乡村振兴 促进");
        var search = services.GetRequiredService<SearchService>();
        await search.SearchAsync(new SearchRequest("乡村振兴 促进", new SearchFilter(AccessScope.Everything), 5), TestContext.Current.CancellationToken);
        Assert.False(services.GetRequiredService<EnglishChineseLexicon>().IsLoaded);
        Assert.True(services.GetRequiredService<ChineseEnglishLexicon>().IsLoaded);

        await search.SearchAsync(new SearchRequest("rural revitalization", new SearchFilter(AccessScope.Everything), 5), TestContext.Current.CancellationToken);
        Assert.True(services.GetRequiredService<EnglishChineseLexicon>().IsLoaded);
    }

    private static IEnumerable<KeyValuePair<string, string[]>> ReadTsv(string path, char separator) =>
        File.ReadLines(path)
            .Select(l => l.Trim().TrimStart('\uFEFF'))
            .Where(l => l.Length > 0 && l[0] != '#' && l.IndexOf('\t') > 0)
            .Select(l => new KeyValuePair<string, string[]>(l[..l.IndexOf('\t')],
                l[(l.IndexOf('\t') + 1)..].Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .Where(kv => kv.Value.Length > 0);

    /// <summary>Lines of the shared regulations (or, without the shared corpus, of a committed fixture) as jieba sees them.</summary>
    private static List<string> CorpusSample()
    {
        var corpus = TestServices.SharedCorpus();
        var files = corpus is not null && Directory.Exists(Path.Combine(corpus, "regulations"))
            ? Directory.GetFiles(Path.Combine(corpus, "regulations"), "*.md").Order(StringComparer.Ordinal).Take(3)
            : Directory.GetFiles(TestServices.Fixture(""), "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(3);
        var lines = files.SelectMany(File.ReadLines).Select(l => l.Trim()).Where(l => l.Length > 0).Take(300).ToList();
        if (lines.Count == 0) Assert.Skip("no Chinese text to segment: neither ../shared/corpus nor a .txt fixture");
        return lines;
    }
}
