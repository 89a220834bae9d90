using KnowledgeBase.Embeddings;
using KnowledgeBase.Hosting;
using KnowledgeBase.Storage.Embedded.Vectors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Embeddings;

public sealed class EmbeddingRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["KnowledgeBase:DataDirectory"] = TestServices.TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKnowledgeBase(configuration);
        services.AddKnowledgeBaseEmbeddings(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void None_registers_the_index_but_no_embedder()
    {
        using var services = Build([]);
        Assert.Equal(EmbedderSpec.None, services.GetRequiredService<EmbedderSpec>());
        Assert.NotNull(services.GetRequiredService<PassageVectorIndex>());
        Assert.Null(services.GetService<PassageEmbedder>());
        Assert.Null(services.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public void An_endpoint_spec_and_its_options_come_from_configuration()
    {
        using var services = Build(new()
        {
            ["KnowledgeBase:Embedder"] = "openai:http://127.0.0.1:9/v1#bge-m3",
            ["KnowledgeBase:Embedding:Dimensions"] = "1024",
            ["KnowledgeBase:Vectors:HnswThreshold"] = "1234",
        });
        var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        Assert.Equal(new EmbedderInfo("bge-m3", 1024), generator.GetService<EmbedderInfo>());
        Assert.Equal(1234, services.GetRequiredService<IOptions<VectorIndexOptions>>().Value.HnswThreshold);
    }

    [Fact]
    public void A_malformed_spec_fails_at_startup()
    {
        Assert.Throws<FormatException>(() => Build(new() { ["KnowledgeBase:Embedder"] = "onnx:" }));
    }

    [Fact]
    public async Task The_configured_model_is_recorded_and_a_different_one_refused()
    {
        var data = TestServices.TempDirectory();
        var settings = new Dictionary<string, string?> { ["KnowledgeBase:DataDirectory"] = data, ["KnowledgeBase:Embedder"] = "openai:http://127.0.0.1:9/v1#model-a", ["KnowledgeBase:Embedding:Dimensions"] = "8" };
        ServiceProvider Provider()
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection().AddLogging().AddKnowledgeBase(configuration).AddKnowledgeBaseEmbeddings(configuration);
            return services.BuildServiceProvider();
        }
        using (var first = Provider())
            Assert.Equal(new EmbedderInfo("model-a", 8), await first.EnsureEmbeddingModelAsync(TestContext.Current.CancellationToken));

        settings["KnowledgeBase:Embedder"] = "openai:http://127.0.0.1:9/v1#model-b";
        using var second = Provider();
        var e = await Assert.ThrowsAsync<VectorModelMismatchException>(() => second.EnsureEmbeddingModelAsync(TestContext.Current.CancellationToken));
        Assert.Contains("model-a (8 dims)", e.Message);
    }
}
