using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Tests.Api;

/// <summary>POST /api/ask: the extractive answer for real, and the chat path against a stand-in chat model.</summary>
[Collection(ApiCollection.Name)]
public sealed class AskTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Extractive_answer_copies_sentences_from_the_passages_it_cites()
    {
        using var response = await api.As(api.Staff).PostAsJsonAsync("/api/ask", new { question = "沿边产业园区土地要素保障" }, Ct);
        var answer = await response.ReadJsonAsync();
        Assert.Equal("extractive", (string)answer["mode"]!);
        var citations = answer["citations"]!.AsArray();
        var sentences = answer["sentences"]!.AsArray();
        Assert.NotEmpty(sentences);
        Assert.InRange(sentences.Count, 1, 3);
        foreach (var sentence in sentences)
        {
            var n = (int)sentence!["citations"]![0]!;
            Assert.InRange(n, 1, citations.Count);
            var cited = citations.Single(c => (int)c!["n"]! == n)!;
            Assert.Contains((string)sentence["text"]!, (string)cited["passage"]!);
            Assert.Contains($"[{n}]", (string)answer["answer"]!);
            Assert.EndsWith($"#page={cited["page"]}", (string)cited["url"]!);
        }
        Assert.Contains("土地要素保障", (string)answer["answer"]!);
    }

    [Fact]
    public async Task Nothing_found_gives_an_empty_answer_not_an_invented_one()
    {
        using var response = await api.Anonymous().PostAsJsonAsync("/api/ask", new { question = "xyzzyplugh" }, Ct);
        var answer = await response.ReadJsonAsync();
        Assert.Equal("", (string)answer["answer"]!);
        Assert.Empty(answer["citations"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Anonymous().PostAsJsonAsync("/api/ask", new { question = " " }, Ct)).StatusCode);
    }

    /// <summary>
    /// TEST DOUBLE of a chat model: a tiny OpenAI-compatible server on 127.0.0.1 that answers every request with a
    /// canned reply citing [1] (a retrieved passage) and [9] (none was retrieved), and records what it was sent.
    /// </summary>
    [Fact]
    public async Task Chat_answer_keeps_only_citations_of_retrieved_passages()
    {
        const string canned = "崇左市推进沿边产业园区建设并落实土地要素保障[1]。该政策已于去年废止[9]。园区招商成效明显[1][9]。";
        var received = new List<string>();
        var chat = WebApplication.CreateSlimBuilder();
        chat.WebHost.UseUrls("http://127.0.0.1:0");
        chat.Logging.ClearProviders();
        await using var chatApp = chat.Build();
        chatApp.MapPost("/v1/chat/completions", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            lock (received) received.Add(body);
            return Results.Json(new
            {
                id = "chatcmpl-test", @object = "chat.completion", created = 1700000000, model = "stand-in",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = canned }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            });
        });
        await chatApp.StartAsync(Ct);
        var chatAddress = chatApp.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var server = await ApiServer.StartAsync(new Dictionary<string, string>
        {
            ["KnowledgeBase:Chat:Endpoint"] = chatAddress + "/v1",
            ["KnowledgeBase:Chat:Model"] = "stand-in",
        });
        await server.SeedAsync("chat-doc", "沿边产业园区", new DocumentMetadata { Visibility = Visibility.Public },
            "崇左市推进沿边产业园区建设，落实土地要素保障政策。");
        using var response = await server.Client(await server.CreateKeyAsync(ApiRole.Member)).PostAsJsonAsync("/api/ask", new { question = "沿边产业园区政策" }, Ct);
        var answer = await response.ReadJsonAsync();

        Assert.Equal("chat", (string)answer["mode"]!);
        Assert.Single(answer["citations"]!.AsArray());
        Assert.Equal([9], answer["rejectedCitations"]!.AsArray().Select(n => (int)n!));
        var text = (string)answer["answer"]!;
        Assert.DoesNotContain("[9]", text);
        Assert.DoesNotContain("废止", text);
        Assert.Contains("土地要素保障[1]", text);
        Assert.Contains("招商成效明显[1]", text);
        Assert.All(answer["sentences"]!.AsArray(), s => Assert.Equal([1], s!["citations"]!.AsArray().Select(n => (int)n!)));
        // The model was given the retrieved passage, numbered.
        Assert.Contains("[1] 沿边产业园区", Assert.Single(received).Replace("\\n", "\n"));
    }
}
