using System.Diagnostics;
using KnowledgeBase.Tests.Parsing;

namespace KnowledgeBase.Tests.Cli;

/// <summary><c>kb text</c> run as the real tool on files it ingested.</summary>
[Trait("Category", "Slow")]
public sealed class TextCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Code, string Out, string Err)> KbAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kb.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Prints_every_page_between_form_feeds_or_one_page_by_path_id_or_content()
    {
        var data = TestServices.TempDirectory();
        var inbox = TestServices.TempDirectory();
        var report = Path.Combine(inbox, "report.pdf");
        await File.WriteAllBytesAsync(report, ParsingFixtures.LongReport(3), Ct);
        Assert.Equal(0, (await KbAsync("ingest", "--data", data, inbox)).Code);

        var all = await KbAsync("text", "--data", data, report);
        Assert.Equal(0, all.Code);
        var pages = all.Out.Split('\f');
        Assert.Equal(3, pages.Length);
        for (var i = 0; i < 3; i++) Assert.Contains($"Body of page {i + 1} on land supply", pages[i]);

        var second = await KbAsync("text", "--data", data, "--page", "2", report);
        Assert.Equal(0, second.Code);
        Assert.DoesNotContain('\f', second.Out);
        Assert.Equal(pages[1], second.Out);

        // The document id from a search, and a copy of the file under another name, reach the same text.
        var hit = await KbAsync("search", "--data", data, "--json", "land supply");
        var id = System.Text.Json.Nodes.JsonNode.Parse(hit.Out)!["results"]![0]!["documentId"]!.GetValue<string>();
        Assert.Equal(all.Out, (await KbAsync("text", "--data", data, id)).Out);
        var copy = Path.Combine(TestServices.TempDirectory(), "renamed.pdf");
        File.Copy(report, copy);
        Assert.Equal(all.Out, (await KbAsync("text", "--data", data, copy)).Out);
    }

    [Fact]
    public async Task Says_why_when_there_is_nothing_to_print()
    {
        var data = TestServices.TempDirectory();
        var inbox = TestServices.TempDirectory();
        var note = Path.Combine(inbox, "note.txt");
        await File.WriteAllTextAsync(note, "沿边产业园区土地要素保障。", Ct);
        var empty = Path.Combine(inbox, "empty.txt");
        await File.WriteAllBytesAsync(empty, [], Ct);
        await KbAsync("ingest", "--data", data, inbox);

        var noPage = await KbAsync("text", "--data", data, "--page", "2", note);
        Assert.Equal(1, noPage.Code);
        Assert.Contains("1 pages; there is no page 2", noPage.Err);

        var failed = await KbAsync("text", "--data", data, empty);
        Assert.Equal(1, failed.Code);
        Assert.Contains("could not be ingested: empty file", failed.Err);

        var unknown = await KbAsync("text", "--data", data, "no-such-id");
        Assert.Equal(1, unknown.Code);
        Assert.Contains("no document with id 'no-such-id'", unknown.Err);
    }
}
