using System.Net;
using System.Net.Http.Json;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Lexical;
using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// The API over an index that another text analysis built: search, ask and "similar" answer 503 with the message to
/// run <c>kb reindex</c> (and no server path), readiness reports it, and all answer again once the index has been
/// rebuilt, without a restart.
/// </summary>
public sealed class StaleIndexApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Queries_over_a_stale_index_answer_503_with_the_reindex_message_until_it_is_rebuilt()
    {
        await using var server = await ApiServer.StartAsync();
        await server.SeedAsync("d1", "沿边产业园区政策", new DocumentMetadata(), "广西推进沿边产业园区建设，支持边境贸易和加工制造。");
        using var client = server.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/search?q={Uri.EscapeDataString("沿边产业园区")}", Ct)).StatusCode);

        // The index as another installation (other dictionaries) left it: its fingerprint recorded with it.
        using (var connection = server.Services.GetRequiredService<SqliteDatabase>().Open())
            connection.Execute(null, "UPDATE meta SET value = $value WHERE key = $key", ("$key", AnalysisStamp.MetaKey), ("$value", "0123456789abcdef0123456789abcdef"));

        using var search = await client.GetAsync($"/api/search?q={Uri.EscapeDataString("沿边产业园区")}", Ct);
        using var ask = await client.PostAsJsonAsync("/api/ask", new { question = "沿边产业园区有哪些政策？" }, Ct);
        using var similar = await client.GetAsync("/api/passages/d1:0/similar", Ct);
        foreach (var response in new[] { search, ask, similar })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var problem = await response.ReadJsonAsync();
            Assert.Equal("Search index needs rebuilding", problem["title"]!.ToString());
            var detail = problem["detail"]!.ToString();
            Assert.Contains("kb reindex", detail);
            Assert.Contains("0123456789ab", detail);
            Assert.DoesNotContain(server.DataDirectory, detail);
        }
        // Readiness says so (to staff, who see each check): degraded, since documents and uploads still work.
        using var staff = server.Client(await server.CreateKeyAsync(ApiRole.Staff));
        var ready = await staff.GetJsonAsync("/health/ready");
        Assert.Equal("degraded", ready["status"]!.ToString());
        Assert.Equal("degraded", ready["checks"]!["store"]!["status"]!.ToString());
        Assert.Contains("kb reindex", ready["checks"]!["store"]!["description"]!.ToString());

        // Rebuilt (what kb reindex runs) while the server goes on: the next search answers.
        server.Services.GetRequiredService<SqliteKnowledgeStore>().RebuildLexicalIndex(cancellationToken: Ct);
        using var after = await client.GetAsync($"/api/search?q={Uri.EscapeDataString("沿边产业园区")}", Ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("d1", (await after.ReadJsonAsync())["results"]![0]!["documentId"]!.ToString());
        Assert.Equal("ok", (await staff.GetJsonAsync("/health/ready"))["checks"]!["store"]!["status"]!.ToString());
    }
}
