using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;

namespace KnowledgeBase.Tests.Text;

/// <summary>
/// A shipped data file that is missing is an installation fault the user must hear about, with the path, rather than a
/// dictionary, variant map or lexicon silently treated as empty (which indexes other terms than the queries look for).
/// </summary>
public sealed class ResourceFailureTests
{
    private static ResourceFiles EmptyResources() => new(TestServices.TempDirectory());

    public static TheoryData<string> Loads => new() { "variants", "stop words", "zh→en lexicon", "en→zh lexicon", "policy synonyms", "Cilin synonyms", "segmenter" };

    [Theory]
    [MemberData(nameof(Loads))]
    public void A_missing_shipped_file_fails_with_its_path(string load)
    {
        var resources = EmptyResources();
        var (action, expectedPath) = load switch
        {
            "variants" => ((Action)(() => ChineseVariants.Load(resources)), resources.PathOf(ChineseVariants.FileName)),
            "stop words" => (() => StopWords.Load(resources), Path.Combine(resources.JiebaDirectory, StopWords.FileName)),
            "zh→en lexicon" => (() => ChineseEnglishLexicon.Load(resources).TryGet("园区", out _), resources.PathOf(ChineseEnglishLexicon.FileName)),
            "en→zh lexicon" => (() => EnglishChineseLexicon.Load(resources).TryGet("park", out _), resources.PathOf(EnglishChineseLexicon.FileName)),
            "policy synonyms" => (() => SynonymLexicon.ReadPolicyGroups(resources, CharNormalizer.WidthAndCaseOnly).ToList(), resources.PathOf(SynonymLexicon.PolicyFileName)),
            "Cilin synonyms" => (() => SynonymLexicon.ReadCilinGroups(resources, CharNormalizer.WidthAndCaseOnly, 8).ToList(), Path.Combine(resources.JiebaDirectory, SynonymLexicon.CilinFileName)),
            "segmenter" => (() => _ = new ChineseSegmenter(resources).Fingerprint, Path.Combine(resources.JiebaDirectory, "dict.txt")),
            _ => throw new ArgumentOutOfRangeException(nameof(load)),
        };

        var e = Assert.Throws<MissingResourceFileException>(action);
        Assert.Equal(expectedPath, e.FileName);
        Assert.Contains(expectedPath, e.Message);
        Assert.Contains("KnowledgeBase:Text:ResourceDirectory", e.Message);
    }

    [Fact]
    public void A_configured_user_dictionary_that_does_not_exist_fails_naming_the_setting()
    {
        var missing = Path.Combine(TestServices.TempDirectory(), "policy-words.txt");
        var segmenter = new ChineseSegmenter(new ResourceFiles(), [missing]);

        var e = Assert.Throws<MissingResourceFileException>(() => segmenter.Fingerprint);
        Assert.Equal(missing, e.FileName);
        Assert.Contains("KnowledgeBase:Text:UserDictionaries", e.Message);
    }

    [Fact]
    public void The_fingerprint_follows_what_decides_index_terms_and_nothing_else()
    {
        var resources = new ResourceFiles();
        var segmenter = new ChineseSegmenter(resources);
        var stopWords = StopWords.Load(resources);
        var variants = new CharNormalizer(ChineseVariants.Load(resources));
        var baseline = new TextAnalyzer(variants, segmenter, stopWords).Fingerprint;

        Assert.Matches("^[0-9a-f]{32}$", baseline);
        // The same data read again gives the same fingerprint (a store opened by the next process must match).
        Assert.Equal(baseline, new TextAnalyzer(new CharNormalizer(ChineseVariants.Load(resources)), new ChineseSegmenter(resources), StopWords.Load(resources)).Fingerprint);

        var dictionary = Path.Combine(TestServices.TempDirectory(), "words.txt");
        File.WriteAllText(dictionary, "沿边金融综合改革试验区 10 n\n");
        var withUserWords = new TextAnalyzer(variants, new ChineseSegmenter(resources, [dictionary]), stopWords).Fingerprint;
        File.WriteAllText(dictionary, "沿边金融综合改革试验区 20 n\n");
        var withOtherFrequency = new TextAnalyzer(variants, new ChineseSegmenter(resources, [dictionary]), stopWords).Fingerprint;
        var withoutVariants = new TextAnalyzer(CharNormalizer.WidthAndCaseOnly, segmenter, stopWords).Fingerprint;
        var withOtherStopWords = new TextAnalyzer(variants, segmenter, new StopWords(stopWords.Ordered.Skip(1))).Fingerprint;

        Assert.Equal(5, new[] { baseline, withUserWords, withOtherFrequency, withoutVariants, withOtherStopWords }.Distinct().Count());
    }
}
