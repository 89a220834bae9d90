using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;
using Microsoft.Extensions.Options;

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
        // ECDICT lists inflected forms under their lemma: "snatching" gets snatch's 抢夺 after its own renderings.
        Assert.Contains("抢夺", Translate("snatching").Single().Candidates);
        Assert.Contains("转移", Translate("transferring").Single().Candidates);
    }

    [Fact]
    public void A_form_the_lexicon_lacks_is_looked_up_by_its_base_form()
    {
        var lexicon = new EnglishChineseLexicon([new("transfer", ["转移"]), new("rent", ["租金"])]);
        var translator = new EnglishToChineseExpander(lexicon, LexiconServices.Get<StopWords>(), Options.Create(new QueryExpansionOptions()));
        var phrases = translator.Phrases(TestServices.Analyzer.Normalize("transferring rented")).ToList();
        Assert.Equal(["transfer", "rent"], phrases.Select(p => p.Phrase));
    }

    [Fact]
    public void The_legal_sense_is_offered_where_cc_cedict_has_none()
    {
        // CC-CEDICT offers only 窃盗 for "theft" and nothing for "arrears"; ECDICT gives the words statutes use.
        Assert.Equal("盗窃", Translate("theft").Single().Candidates[0]);
        Assert.Contains("抢夺", Translate("snatch").Single().Candidates);
        Assert.Contains("积欠", Translate("arrears").Single().Candidates);
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
