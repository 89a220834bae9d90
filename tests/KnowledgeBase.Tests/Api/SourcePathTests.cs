using System.Net;
using System.Text.Json.Nodes;
using KnowledgeBase.Model;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// Server paths stay with the people who run the server: search, "similar", document listings and views, passages and
/// jobs show everyone but admins the file name in <c>source</c>, never the folder it sits in, and never the staging path
/// of an upload; admins see the stored source and the staging path.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SourcePathTests(ApiFixture api)
{
    private const string Folder = "/srv/knowledge/corpus/2024/内部-财政";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Two documents from a folder on the server, alike enough that each is "similar" to the other.</summary>
    private async Task<(string Id, string Word)> SeedWithServerPathAsync()
    {
        var word = "narwhal" + Guid.NewGuid().ToString("N")[..6];
        foreach (var name in new[] { "park-finance", "park-finance-annex" })
        {
            await api.Server.SeedAsync($"{name}-{word}", $"Park finance {word} {name}", new DocumentMetadata { Visibility = Visibility.Public },
                [new DocumentPage(1, $"The {word} review of border park finance, land supply and tax relief for {name}.")],
                source: $"{Folder}/{name}.pdf");
        }
        return ($"park-finance-{word}", word);
    }

    /// <summary>Every <c>source</c> value anywhere in the answer.</summary>
    private static List<string> Sources(JsonNode? node)
    {
        var found = new List<string>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (key == "source" && value is JsonValue v) found.Add(v.ToString());
                        else Walk(value);
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a) Walk(item);
                    break;
            }
        }
        Walk(node);
        return found;
    }

    private static async Task<List<JsonNode>> AnswersAsync(HttpClient client, string id, string word) =>
    [
        await client.SearchAsync(word),
        await client.GetJsonAsync($"/api/documents?q={word}"),
        await client.GetJsonAsync($"/api/documents/{id}"),
        await client.GetJsonAsync($"/api/passages/{id}:0?q={word}"),
        await client.GetJsonAsync($"/api/passages/{id}:0/similar"),
    ];

    [Fact]
    public async Task Everyone_but_admins_sees_the_file_name_instead_of_the_server_path()
    {
        var (id, word) = await SeedWithServerPathAsync();
        foreach (var key in new[] { null, api.Member, api.PartnerAKey, api.Staff })
        {
            using var client = key is null ? api.Anonymous() : api.As(key);
            foreach (var answer in await AnswersAsync(client, id, word))
            {
                var sources = Sources(answer);
                Assert.NotEmpty(sources);
                Assert.All(sources, s => Assert.DoesNotContain("/", s));
                Assert.Contains(sources, s => s is "park-finance.pdf" or "park-finance-annex.pdf");
                Assert.DoesNotContain("/srv/", answer.Text());
            }
        }

        using var admin = api.As(api.Admin);
        foreach (var answer in await AnswersAsync(admin, id, word))
            Assert.Contains(Sources(answer), s => s.StartsWith(Folder + "/park-finance", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jobs_show_staff_no_server_paths_and_admins_the_staging_path()
    {
        using var staff = api.As(api.Staff);
        // A file the worker refuses, so the job is among the recent failures too.
        var encrypted = await File.ReadAllBytesAsync(TestServices.Fixture("Parsing/en_user_password__password.pdf"), Ct);
        using var response = await ApiServer.UploadAsync(staff, encrypted, "locked-report.pdf");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (string)(await response.ReadJsonAsync())["jobId"]!;
        var job = await ApiServer.WaitForJobAsync(staff, jobId);
        Assert.Equal("failed", job.State);

        var data = Path.GetFullPath(api.Server.DataDirectory);
        var own = await staff.GetJsonAsync($"/api/jobs/{jobId}");
        Assert.Equal("locked-report.pdf", (string)own["source"]!);
        Assert.Null(own["stagedPath"]);
        var summary = await staff.GetJsonAsync("/api/jobs");
        Assert.Contains(summary["recentFailures"]!.AsArray(), j => (string)j!["id"]! == jobId && (string)j["source"]! == "locked-report.pdf");
        Assert.DoesNotContain(data, summary.Text());
        Assert.DoesNotContain("staging", summary.Text());
        Assert.Equal("encrypted", (string)summary["recentFailures"]!.AsArray().First(j => (string)j!["id"]! == jobId)!["errorCode"]!);

        using var admin = api.As(api.Admin);
        var seen = await admin.GetJsonAsync($"/api/jobs/{jobId}");
        Assert.StartsWith("upload:", (string)seen["source"]!);
        Assert.StartsWith(data, (string)seen["stagedPath"]!);
        var adminSummary = await admin.GetJsonAsync("/api/jobs");
        Assert.StartsWith(data, (string)adminSummary["recentFailures"]!.AsArray().First(j => (string)j!["id"]! == jobId)!["stagedPath"]!);
    }
}
