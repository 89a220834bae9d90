using KnowledgeBase.Api.Uploads;

namespace KnowledgeBase.Tests.Api;

/// <summary>Upload names are shown to other people: nothing invisible may survive to disguise them.</summary>
public sealed class FileNameSanitizerTests
{
    /// <summary>Every bidirectional control: marks, embeddings, overrides, isolates and the Arabic letter mark.</summary>
    public static TheoryData<char> BidiControls =>
        ['\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u061C'];

    [Theory]
    [MemberData(nameof(BidiControls))]
    public void Bidi_controls_are_dropped(char control)
    {
        Assert.Equal("invoicefdp.exe", FileNameSanitizer.Sanitize($"invoice{control}fdp.exe"));
        Assert.Equal("report.pdf", FileNameSanitizer.Sanitize($"{control}report.pdf{control}"));
    }

    [Theory]
    [InlineData("zero\u200Bwidth\u200C\u200D.pdf", "zerowidth.pdf")]
    [InlineData("\uFEFFbom.pdf", "bom.pdf")]
    [InlineData("soft\u00ADhyphen\u2060.pdf", "softhyphen.pdf")]
    [InlineData("line\u2028para\u2029.pdf", "linepara.pdf")]
    [InlineData("filler\u3164\u115F.pdf", "filler.pdf")]
    [InlineData("selector\uFE0F.pdf", "selector.pdf")]
    [InlineData("tag\U000E0041\U000E007F.pdf", "tag.pdf")]
    [InlineData("lone\uD800surrogate.pdf", "lonesurrogate.pdf")]
    [InlineData("\u202E\u200B", "upload")]
    public void Other_invisible_characters_are_dropped(string name, string expected) =>
        Assert.Equal(expected, FileNameSanitizer.Sanitize(name));

    [Theory]
    [InlineData("2025/2026年度预算", "2025-2026年度预算")]
    [InlineData("中国/东盟自由贸易区", "中国-东盟自由贸易区")]
    [InlineData(@"..\..\x", "-..-x")]
    [InlineData("Evil <script>alert(1)</script>", "Evil scriptalert(1)-script")]
    public void A_title_keeps_its_words_on_both_sides_of_a_slash_as_a_download_name(string title, string expected) =>
        Assert.Equal(expected, FileNameSanitizer.FromTitle(title));

    [Theory]
    [InlineData("政府工作报告（2025）.pdf")]
    [InlineData("تقرير.pdf")]
    [InlineData("Résumé 2024 — final.docx")]
    [InlineData("report 😀.pdf")]
    public void Visible_names_in_any_script_are_kept(string name) => Assert.Equal(name, FileNameSanitizer.Sanitize(name));

    [Fact]
    public void A_long_name_is_cut_without_splitting_a_character_and_keeps_its_extension()
    {
        var name = string.Concat(Enumerable.Repeat("😀", 100)) + ".pdf";
        var kept = FileNameSanitizer.Sanitize(name);
        Assert.True(kept.Length <= FileNameSanitizer.MaxLength);
        Assert.EndsWith("😀.pdf", kept);
        Assert.DoesNotContain('\uFFFD', kept);
        Assert.DoesNotContain(System.Text.Rune.ReplacementChar, kept.EnumerateRunes());
    }
}
