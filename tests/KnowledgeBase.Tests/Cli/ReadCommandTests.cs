using System.Text.Json;
using KnowledgeBase.Tests.Processes;
using Spectre.Console;

namespace KnowledgeBase.Tests.Cli;

/// <summary>The read verbs of the real <c>kb</c> as a user meets them: a wrong folder, failed files, piped output.</summary>
[Trait("Category", "Slow")]
public sealed class ReadCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string[]> ReadVerbs => new()
    {
        new[] { "search", "--data", "mistyped", "乡村振兴" },
        new[] { "stats", "--data", "mistyped" },
        new[] { "status", "--data", "mistyped" },
        new[] { "failures", "--data", "mistyped" },
        new[] { "keys", "list", "--data", "mistyped" },
        new[] { "compact", "--data", "mistyped" },
    };

    [Theory]
    [MemberData(nameof(ReadVerbs))]
    public async Task A_read_verb_on_a_folder_without_a_knowledge_base_fails_and_creates_nothing(string[] arguments)
    {
        var root = TestServices.TempDirectory();
        var result = await KbProcess.RunAsync(root, arguments, Ct);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"no knowledge base at {Path.Combine(root, "mistyped")} — run kb ingest first", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(root, "mistyped")));
    }

    [Fact]
    public async Task Status_stats_and_failures_agree_on_the_failed_files_and_failures_lists_each_with_its_reason()
    {
        var root = TestServices.TempDirectory();
        var corpus = Directory.CreateDirectory(Path.Combine(root, "corpus")).FullName;
        foreach (var file in new[] { "shanghai-port-services-regulation-2020-05-14.md", "en_user_password__password.pdf", "aes256_r6_unicode_password.pdf" })
            File.Copy(TestServices.Fixture(Path.Combine("Parsing", file)), Path.Combine(corpus, file));

        var ingest = await KbProcess.RunAsync(root, ["ingest", "--data", "data", "corpus"], Ct);
        Assert.Equal(3, ingest.ExitCode);
        // Piped, the summary stays one line and the failure table is not wrapped: each failed file is one whole line.
        var summary = ingest.Stdout.Split('\n');
        Assert.Matches(@"^3 files in .* 2 failed; .* passages\.$", summary[0]);
        Assert.Single(summary, l => l.Contains(Path.Combine(corpus, "en_user_password__password.pdf")));

        var stats = JsonDocument.Parse((await KbProcess.RunAsync(root, ["stats", "--data", "data", "--json"], Ct)).Stdout).RootElement;
        var status = JsonDocument.Parse((await KbProcess.RunAsync(root, ["status", "--data", "data", "--json"], Ct)).Stdout).RootElement;
        var failures = JsonDocument.Parse((await KbProcess.RunAsync(root, ["failures", "--data", "data", "--json"], Ct)).Stdout).RootElement;
        Assert.Equal(2, stats.GetProperty("failed").GetInt32());
        Assert.Equal(2, status.GetProperty("store").GetProperty("failedFiles").GetInt32());
        Assert.Equal(2, failures.GetArrayLength());
        var reasons = failures.EnumerateArray().ToDictionary(f => Path.GetFileName(f.GetProperty("source").GetString()!), f => f.GetProperty("reason").GetString()!);
        Assert.All(reasons.Values, reason => Assert.Contains("password", reason, StringComparison.OrdinalIgnoreCase));

        var text = await KbProcess.RunAsync(root, ["failures", "--data", "data"], Ct);
        var lines = text.Stdout.TrimEnd('\n').Split('\n');
        Assert.StartsWith("FAILED FILE", lines[0]);
        foreach (var (file, reason) in reasons)
            Assert.Single(lines, l => l.StartsWith(Path.Combine(corpus, file), StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));
        Assert.Equal("2 failed files", lines[^1]);

        var statusText = (await KbProcess.RunAsync(root, ["status", "--data", "data"], Ct)).Stdout;
        Assert.Contains("2 failed files", statusText);
    }

    [Fact]
    public async Task Keys_list_has_a_header_and_aligns_Chinese_organisations_by_display_width()
    {
        var root = TestServices.TempDirectory();
        Assert.Equal(0, (await KbProcess.RunAsync(root, ["keys", "create", "--data", "data", "--role", "partner", "--org", "甲智库研究院", "--name", "张三"], Ct)).ExitCode);
        Assert.Equal(0, (await KbProcess.RunAsync(root, ["keys", "create", "--data", "data", "--role", "partner", "--org", "Acme", "--name", "reader"], Ct)).ExitCode);
        Assert.Equal(0, (await KbProcess.RunAsync(root, ["keys", "create", "--data", "data", "--role", "staff", "--name", "office"], Ct)).ExitCode);

        var lines = (await KbProcess.RunAsync(root, ["keys", "list", "--data", "data"], Ct)).Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^ID +ROLE +ORGANISATION +NAME +CREATED +STATUS$", lines[0]);
        // The NAME column starts at the same terminal column on every line, whatever the organisation's script.
        int NameColumn(string line, string name) => line[..line.IndexOf(name, StringComparison.Ordinal)].GetCellWidth();
        var expected = NameColumn(lines[0], "NAME");
        Assert.Equal(expected, NameColumn(lines.Single(l => l.Contains("甲智库研究院")), "张三"));
        Assert.Equal(expected, NameColumn(lines.Single(l => l.Contains("Acme")), "reader"));
        Assert.Equal(expected, NameColumn(lines.Single(l => l.Contains("office")), "office"));
    }
}
