using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KnowledgeBase.Embeddings;
using KnowledgeBase.Embeddings.OpenAi;
using Microsoft.AspNetCore.Http;

namespace KnowledgeBase.Tests.Embeddings;

/// <summary>
/// The endpoint generator against a real HTTP server: the server embeds with our ONNX MiniLM generator through
/// <see cref="OpenAiEmbeddingsProtocol"/>, so the client receives real embeddings, in the base64 format it asks for.
/// </summary>
public sealed class OpenAiEndpointGeneratorTests
{
    private static readonly string[] Texts = ["Fiscal transfers to poorer provinces.", "Coastal wetlands protect against storms.", "A short one."];

    private static EmbeddingOptions FastRetries => new() { Retries = 3, RetryDelay = TimeSpan.FromMilliseconds(20), RequestTimeout = TimeSpan.FromMinutes(2), BatchSize = 2 };

    private static Task ServeMiniLm(HttpContext context) => Answer(context, MiniLm.Generator.Info.ModelId);

    private static async Task Answer(HttpContext context, string modelId)
    {
        var answer = await OpenAiEmbeddingsProtocol.AnswerAsync(context.Request.Body, MiniLm.Generator, modelId, context.RequestAborted);
        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = EmbeddingsAnswer.ContentType;
        await context.Response.Body.WriteAsync(answer.Json, context.RequestAborted);
    }

    [Fact]
    public async Task Endpoint_vectors_equal_the_local_generators()
    {
        await using var server = await EmbeddingServer.StartAsync(ServeMiniLm);
        using var remote = new OpenAiEndpointEmbeddingGenerator(server.BaseUrl, "all-MiniLM-L6-v2", "test-key", FastRetries);

        var viaHttp = await MiniLm.EmbedAsync(remote, Texts);
        var local = await MiniLm.EmbedAsync(MiniLm.Generator, Texts);

        Assert.Equal(Texts.Length, viaHttp.Length);
        for (var i = 0; i < Texts.Length; i++) Assert.Equal(local[i], viaHttp[i]);
        Assert.Equal(new EmbedderInfo("all-MiniLM-L6-v2", 384), remote.Info);
    }

    [Fact]
    public async Task A_503_is_retried_and_then_succeeds()
    {
        var calls = 0;
        await using var server = await EmbeddingServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("""{"error":{"message":"warming up"}}""", context.RequestAborted);
                return;
            }
            await ServeMiniLm(context);
        });
        using var remote = new OpenAiEndpointEmbeddingGenerator(server.BaseUrl, "m", null, FastRetries);

        var vectors = await MiniLm.EmbedAsync(remote, [Texts[0]]);

        Assert.Equal(2, calls);
        Assert.Equal((await MiniLm.EmbedAsync(MiniLm.Generator, [Texts[0]]))[0], vectors[0]);
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_gives_up_after_the_retries_with_its_status()
    {
        var calls = 0;
        await using var server = await EmbeddingServer.StartAsync(context =>
        {
            Interlocked.Increment(ref calls);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Task.CompletedTask;
        });
        using var remote = new OpenAiEndpointEmbeddingGenerator(server.BaseUrl, "m", null, FastRetries);

        var e = await Assert.ThrowsAsync<EmbeddingUnavailableException>(() => MiniLm.EmbedAsync(remote, [Texts[0]]));

        Assert.Equal(FastRetries.Retries + 1, calls);
        Assert.Equal(429, e.StatusCode);
        Assert.Contains(server.BaseUrl.ToString().TrimEnd('/'), e.Message);
    }

    [Fact]
    public async Task A_closed_port_fails_fast_with_a_clear_message()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var remote = new OpenAiEndpointEmbeddingGenerator(new Uri($"http://127.0.0.1:{port}/v1"), "m", null, FastRetries);

        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<EmbeddingUnavailableException>(() => MiniLm.EmbedAsync(remote, [Texts[0]]));

        Assert.StartsWith($"embedding endpoint http://127.0.0.1:{port}/v1 is not reachable", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_server_side_answers_float_format_and_rejects_token_arrays()
    {
        using var body = new MemoryStream("""{"input":"hello world","model":"x"}"""u8.ToArray());
        var answer = await OpenAiEmbeddingsProtocol.AnswerAsync(body, MiniLm.Generator, "x", TestContext.Current.CancellationToken);
        using var json = System.Text.Json.JsonDocument.Parse(answer.Json);
        Assert.Equal(200, answer.StatusCode);
        Assert.Equal(384, json.RootElement.GetProperty("data")[0].GetProperty("embedding").GetArrayLength());

        using var tokens = new MemoryStream("""{"input":[[1,2,3]],"model":"x"}"""u8.ToArray());
        Assert.Equal(400, (await OpenAiEmbeddingsProtocol.AnswerAsync(tokens, MiniLm.Generator, "x", TestContext.Current.CancellationToken)).StatusCode);
    }
}
