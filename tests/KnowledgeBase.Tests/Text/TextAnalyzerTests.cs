using KnowledgeBase.Text;

namespace KnowledgeBase.Tests.Text;

public sealed class TextAnalyzerTests
{
    private static readonly TextAnalyzer Analyzer = TestServices.Analyzer;

    [Fact]
    public void Policy_vocabulary_keeps_compound_terms_whole()
    {
        var words = Analyzer.Words("崇左市推进沿边产业园区建设，加强土地要素保障。").Select(t => t.Text).ToList();
        Assert.Contains("沿边产业园区", words);
        Assert.Contains("土地要素保障", words);
    }

    [Fact]
    public void Normalisation_is_one_for_one_so_offsets_survive()
    {
        var text = "ＡＢＣ１２３　政策";
        var normalized = Analyzer.Normalize(text);
        Assert.Equal(text.Length, normalized.Length);
        Assert.Equal("abc123 政策", normalized);
    }

    [Fact]
    public void Term_ranges_point_at_the_original_text()
    {
        const string text = "Ｂｏｒｄｅｒ 沿边产业园区";
        foreach (var term in Analyzer.Words(text))
            Assert.Equal(term.Text, TextAnalyzer.ToTerm(Analyzer.Normalize(text[term.Start..term.End])));
    }

    [Fact]
    public void Bigrams_cover_runs_of_han_characters_only()
    {
        var bigrams = Analyzer.Bigrams("园区 policy 政").Select(t => t.Text).ToList();
        Assert.Equal(["园区", "政"], bigrams);
    }
}
