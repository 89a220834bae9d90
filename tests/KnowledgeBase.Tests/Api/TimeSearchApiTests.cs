using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeBase.Model;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// Time-aware search through the HTTP API on real report paragraphs (the committed eval-policy fixture: the 2016–2025
/// government work reports, public domain): a question naming 2025 gets the 2025 report's 今年赤字率 paragraph first,
/// and the answer says what 今年 was resolved to, where it stands, and that it is the time asked about — what the page
/// needs to mark "今年 (2025)".
/// </summary>
public sealed class TimeSearchApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every fixture paragraph that speaks of the deficit rate, with its report's title (no metadata year: the title dates it).</summary>
    private static IEnumerable<(string Id, string Title, string Text)> DeficitParagraphs()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "eval-policy", "corpus.jsonl");
        foreach (var line in File.ReadLines(path))
        {
            using var entry = JsonDocument.Parse(line);
            var text = entry.RootElement.GetProperty("text").GetString()!;
            if (text.Contains("赤字率", StringComparison.Ordinal))
                yield return (entry.RootElement.GetProperty("_id").GetString()!, entry.RootElement.GetProperty("title").GetString()!, text);
        }
    }

    [Fact]
    public async Task A_question_naming_2025_finds_the_2025_reports_this_year_paragraph_first_with_the_resolution_in_the_answer()
    {
        await using var server = await ApiServer.StartAsync();
        var paragraphs = DeficitParagraphs().ToList();
        Assert.True(paragraphs.Count >= 5, "the fixture holds the deficit paragraphs of several reports");
        foreach (var (id, title, text) in paragraphs)
            await server.SeedAsync(id, title, new DocumentMetadata { Language = "zh", Visibility = Visibility.Public }, text);

        using var client = server.Client();
        var answer = await client.GetJsonAsync($"/api/search?q={Uri.EscapeDataString("2025年财政赤字率")}&top=5");
        var first = answer["results"]![0]!;
        Assert.Equal("g00p019", (string)first["documentId"]!);
        var passage = (string)first["passage"]!;

        var thisYears = first["times"]!.AsArray().Where(t => (string)t!["text"]! == "今年").ToList();
        Assert.NotEmpty(thisYears);
        Assert.All(thisYears, t => Assert.Equal("今年 (2025)", (string)t!["label"]!));
        var thisYear = thisYears[0]!;
        Assert.Equal("今年 (2025)", (string)thisYear["label"]!);
        Assert.Equal((2025, 2025), ((int)thisYear["from"]!, (int)thisYear["to"]!));
        Assert.True((bool)thisYear["inQuery"]!);
        var (start, end) = ((int)thisYear["start"]!, (int)thisYear["end"]!);
        Assert.Equal("今年", passage[start..end]);
        // The highlight spans cover the resolved expression, so the page marks it like a matched word.
        Assert.Contains(first["highlights"]!.AsArray(), h => (int)h![0]! <= start && (int)h[1]! >= end);
        Assert.Contains("documenttime", first["signals"]!.AsArray().Select(s => (string)s!));

        // The other reports' 今年 are their own years: listed with their resolution, never as the time asked about.
        foreach (var other in answer["results"]!.AsArray().Skip(1))
            Assert.All(other!["times"]!.AsArray().Where(t => (string)t!["text"]! == "今年"), t => Assert.False((bool)t!["inQuery"]!));
    }
}
