namespace KnowledgeBase.Tests.QueryUnderstanding;

public sealed class EnglishToChineseTests
{
    private static List<(string Phrase, string[] Candidates)> Translate(string text) =>
        LexiconServices.Translator.Phrases(TestServices.Analyzer.Normalize(text)).ToList();

    [Fact]
    public void Longest_phrase_is_matched_before_its_words()
    {
        var phrases = Translate("border industrial park policy");
        Assert.Equal(["border", "industrial park", "policy"], phrases.Select(p => p.Phrase));
        Assert.Contains("边境", phrases[0].Candidates.Take(3));
        Assert.True(phrases[1].Candidates.Take(3).Intersect(["工业园区", "产业园区"]).Any(), string.Join(' ', phrases[1].Candidates));
        Assert.Contains("政策", phrases[2].Candidates.Take(3));
    }

    [Fact]
    public void Expansion_text_yields_the_chinese_terms()
    {
        var text = string.Join(' ', LexiconServices.Translator.Expand("border industrial park policy", []));
        foreach (var expected in new[] { "边境", "政策" }) Assert.Contains(expected, text);
        Assert.DoesNotContain("公园", text); // "park" alone would have meant a public park
    }

    [Fact]
    public void Plurals_and_inflections_find_the_base_word()
    {
        Assert.Contains("工资", Translate("wages").Single().Candidates);
        Assert.Contains("雇主", Translate("Employers").Single().Candidates);
        Assert.Equal("transfer", Translate("transferring").Single().Phrase);
        Assert.Equal("rent", Translate("rented").Single().Phrase);
    }

    [Fact]
    public void Only_the_english_part_of_a_mixed_query_is_translated()
    {
        var phrases = Translate("边境 industrial park 政策");
        Assert.Equal(["industrial park"], phrases.Select(p => p.Phrase));
    }

    [Fact]
    public void Punctuation_ends_a_phrase_and_function_words_are_skipped()
    {
        Assert.Equal(["industrial", "park"], Translate("industrial, park").Select(p => p.Phrase));
        Assert.Empty(Translate("what is it that they should do?"));
    }

    [Fact]
    public void Numbers_are_not_translated()
    {
        var phrases = Translate("covid 19 patients in 2020");
        Assert.DoesNotContain(phrases, p => p.Phrase.Any(char.IsAsciiDigit));
        Assert.Contains(phrases, p => p.Phrase == "patient");
    }
}
