using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Tests.Processes;

namespace KnowledgeBase.Tests.FirstRun;

/// <summary>
/// The README's main command as a user runs it: <c>kb ingest --data data …</c> then the API with <c>--data data</c>, both
/// relative to the folder the user is in, which is not the folder the binaries live in. Every source link a search
/// returns must then open the original file.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SourceLinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Source_links_open_the_original_when_the_data_directory_is_relative_to_the_working_directory()
    {
        // Stands for the repository root the README's commands run in: a working directory away from the binaries.
        var root = TestServices.TempDirectory();
        var corpus = Directory.CreateDirectory(Path.Combine(root, "corpus")).FullName;
        var originals = new Dictionary<string, string>
        {
            ["口岸通关效率"] = "shanghai-port-services-regulation-2020-05-14.md",
            ["民用航空发动机状态监视"] = "jap_1994_civil_aeroengine_condition_monitoring.pdf",
        };
        foreach (var file in originals.Values) File.Copy(TestServices.Fixture(Path.Combine("Parsing", file)), Path.Combine(corpus, file));

        var ingest = await KbProcess.RunAsync(root, ["ingest", "--data", "data", "corpus"], Ct);
        Assert.True(ingest.ExitCode == 0, ingest.Stderr + ingest.Stdout);
        Assert.True(File.Exists(Path.Combine(root, "data", "knowledge.db")));

        await using var api = await ApiProcess.StartAsync(root, ["--data", "data"], Ct);
        using var client = api.Client();
        foreach (var (query, file) in originals)
        {
            var search = await client.GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(query)}", Ct);
            var results = search.GetProperty("results");
            Assert.True(results.GetArrayLength() > 0, $"no results for {query}");
            var hit = results[0];
            Assert.EndsWith(Path.GetFileNameWithoutExtension(file), Path.GetFileNameWithoutExtension(hit.GetProperty("source").GetString()!));

            using var response = await client.GetAsync(hit.GetProperty("link").GetString(), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} for {hit.GetProperty("link")}\n{api.Output}");
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(corpus, file), Ct), await response.Content.ReadAsByteArrayAsync(Ct));
        }
    }
}
