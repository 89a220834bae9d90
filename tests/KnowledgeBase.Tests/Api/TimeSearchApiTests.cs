using System.Net;
using System.Net.Http.Json;
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

    [Fact]
    public async Task PassageYear_filters_and_facets_by_the_years_passages_speak_about_and_refuses_what_is_not_a_year()
    {
        await using var server = await ApiServer.StartAsync();
        foreach (var (id, title, text) in DeficitParagraphs())
            await server.SeedAsync(id, title, new DocumentMetadata { Language = "zh", Visibility = Visibility.Public }, text);
        using var client = server.Client();

        // Speaking about 2016: the 2016 report (今年拟安排财政赤字) and the 2017 report (比去年增加), a 2017 document.
        var answer = await client.GetJsonAsync($"/api/search?q={Uri.EscapeDataString("财政赤字")}&passageYear=2016&top=20");
        var documents = answer["results"]!.AsArray().Select(r => (string)r!["documentId"]!).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["g15p041", "g17p039"], documents);
        foreach (var result in answer["results"]!.AsArray())
            Assert.Contains(result!["times"]!.AsArray(), t => (int)t!["from"]! <= 2016 && (int)t["to"]! >= 2016);
        // The facet counts passages (here every matching passage speaks about 2016) and is named apart from the document-year facet.
        var facets = answer["facets"]!;
        Assert.Equal(2, (int)facets["passages"]!);
        Assert.Equal(2, (int)facets["passageYears"]!.AsArray().Single(v => (string)v!["value"]! == "2016")!["count"]!);
        Assert.NotNull(facets["years"]);

        // Unfiltered, the same facet lists every year the matching passages speak about, 2016 among them.
        var all = await client.GetJsonAsync($"/api/search?q={Uri.EscapeDataString("财政赤字")}&top=5");
        var years = all["facets"]!["passageYears"]!.AsArray().ToDictionary(v => (string)v!["value"]!, v => (int)v!["count"]!);
        Assert.Equal(2, years["2016"]);
        Assert.True(years["2025"] >= 1 && years.Count > 5, string.Join(" ", years));

        foreach (var bad in new[] { "abc", "0", "20160", "2016.5", "-2016", string.Join(",", Enumerable.Range(1950, 51)) })
        {
            using var refused = await client.GetAsync($"/api/search?q={Uri.EscapeDataString("财政赤字")}&passageYear={Uri.EscapeDataString(bad)}", Ct);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("passageYear", await refused.Content.ReadAsStringAsync(Ct));
        }
    }

    [Fact]
    public async Task Ask_takes_the_passageYear_filter_in_every_JSON_form_and_refuses_what_search_refuses()
    {
        await using var server = await ApiServer.StartAsync();
        foreach (var (id, title, text) in DeficitParagraphs())
            await server.SeedAsync(id, title, new DocumentMetadata { Language = "zh", Visibility = Visibility.Public }, text);
        using var client = server.Client();
        const string question = "财政赤字安排了多少？";

        // Unfiltered, the answer cites the deficit paragraphs of other years too.
        var unfiltered = await AskAsync(client, new { question, top = 10 });
        Assert.Contains(CitedDocuments(unfiltered), d => d is not ("g15p041" or "g17p039"));

        // As search: a number, the page's string (one year or a list) and an array all cite only the passages about 2016.
        foreach (object passageYear in new object[] { 2016, "2016", "2016,1900", new[] { 2016 }, new object[] { "2016", 1900 } })
        {
            var answer = await AskAsync(client, new { question, top = 10, passageYear });
            Assert.Equal(["g15p041", "g17p039"], CitedDocuments(answer));
            Assert.NotEmpty(answer["sentences"]!.AsArray());
        }

        foreach (object bad in new object[] { "abc", 0, 20160, 2016.5, -2016, "2016.5", true, new { year = 2016 }, new[] { new[] { 2016 } },
                     string.Join(",", Enumerable.Range(1950, 51)), Enumerable.Range(1950, 51).ToArray() })
        {
            using var refused = await client.PostAsJsonAsync("/api/ask", new { question, passageYear = bad }, Ct);
            var body = await refused.Content.ReadAsStringAsync(Ct);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(bad)}: {(int)refused.StatusCode} {body}");
            Assert.Contains("passageYear", body);
        }
    }

    private static async Task<JsonNode> AskAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/api/ask", request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{JsonSerializer.Serialize(request)}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static List<string> CitedDocuments(JsonNode answer) =>
        answer["citations"]!.AsArray().Select(c => (string)c!["documentId"]!).Distinct().Order(StringComparer.Ordinal).ToList();
}
