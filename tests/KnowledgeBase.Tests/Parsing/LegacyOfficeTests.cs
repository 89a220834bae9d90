using KnowledgeBase.Configuration;
using KnowledgeBase.Ingestion.Parsing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static KnowledgeBase.Tests.Parsing.ParsingFixtures;

namespace KnowledgeBase.Tests.Parsing;

/// <summary>
/// .doc, .rtf and .odt through LibreOffice (Debian libreoffice-writer-nogui; .ci/run installs it). The class runs
/// alone (no other test of this process converts meanwhile), so the check that a killed conversion leaves no
/// folder behind sees only its own folders.
/// </summary>
[Trait("Category", "Slow")]
[Collection(nameof(LegacyOfficeCollection))]
public sealed class LegacyOfficeTests
{
    private static readonly LibreOfficeConverter Converter = new();

    private static void RequireLibreOffice() =>
        Assert.SkipWhen(Converter.Executable is null, $"LibreOffice (soffice) is not installed — apt-get install {LibreOfficeConverter.DebianPackage}");

    [Fact]
    public void Word_97_document_is_converted_and_read_with_its_headings()
    {
        RequireLibreOffice();
        var document = Parse(new DocDocumentParser(Converter), Read("nb-psr-guide-part7-draft.doc"), "nb-psr-guide-part7-draft.doc");
        var text = AllText(document);
        Assert.Contains("经验反馈", text);
        Assert.Contains("核电厂", text);
        Assert.NotEmpty(document.Headings);
    }

    [Fact]
    public void Rtf_is_converted_and_read()
    {
        RequireLibreOffice();
        var rtf = System.Text.Encoding.ASCII.GetBytes(@"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 SimSun;}}\f0 \u27839?\u36793?\u20135?\u19994?\u22253?\u21306?\par Border parks\par}");
        var document = Parse(new RtfDocumentParser(Converter), rtf, "note.rtf");
        var text = AllText(document);
        Assert.Contains("沿边产业园区", text);
        Assert.Contains("Border parks", text);
    }

    [Fact]
    public void A_file_LibreOffice_cannot_read_fails_as_corrupt_and_leaves_no_temporary_files()
    {
        RequireLibreOffice();
        var before = TempFolders();
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        garbage[0] = 0xD0; garbage[1] = 0xCF; garbage[2] = 0x11; garbage[3] = 0xE0;
        var e = Assert.Throws<UnreadableDocumentException>(() => Parse(new DocDocumentParser(Converter), garbage, "broken.doc"));
        Assert.Equal(FailureKind.Corrupt, e.Kind);
        Assert.Empty(TempFolders().Except(before));
    }

    [Fact]
    public void A_conversion_past_its_time_limit_is_killed_and_reported()
    {
        RequireLibreOffice();
        var hurried = new LibreOfficeConverter(Options.Create(new IngestOptions { ConversionTimeout = TimeSpan.FromMilliseconds(50) }), NullLogger<LibreOfficeConverter>.Instance);
        var before = TempFolders();
        var e = Assert.Throws<UnreadableDocumentException>(() => Parse(new DocDocumentParser(hurried), Read("nb-psr-guide-part7-draft.doc")));
        Assert.Equal(FailureKind.Timeout, e.Kind);
        Assert.Empty(TempFolders().Except(before));
    }

    [Fact]
    public void Without_LibreOffice_the_reason_names_the_package()
    {
        var missing = new LibreOfficeConverter(Options.Create(new IngestOptions { LibreOfficePath = "/nonexistent/soffice" }), NullLogger<LibreOfficeConverter>.Instance);
        var e = Assert.Throws<UnreadableDocumentException>(() => Parse(new DocDocumentParser(missing), Read("nb-psr-guide-part7-draft.doc")));
        Assert.Equal(FailureKind.Unsupported, e.Kind);
        Assert.Contains(LibreOfficeConverter.DebianPackage, e.Message);
    }

    private static HashSet<string> TempFolders() =>
        Directory.GetDirectories(Path.GetTempPath(), LibreOfficeConverter.WorkFolderPrefix + "*").ToHashSet();
}

[CollectionDefinition(nameof(LegacyOfficeCollection), DisableParallelization = true)]
public sealed class LegacyOfficeCollection;
