using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Qdrant;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Stores;

/// <summary>Configuration picks the store; resolving the Qdrant store opens no connection, so no server is needed here.</summary>
public sealed class QdrantRegistrationTests
{
    [Fact]
    public async Task Embedded_is_the_default()
    {
        await using var host = StoreHost.Create();
        Assert.IsType<SqliteKnowledgeStore>(host.Store);
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s.GetType().Name.Contains("Qdrant", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Store_Qdrant_switches_the_store_and_binds_its_options()
    {
        await using var host = StoreHost.Create(new Dictionary<string, string?>
        {
            ["KnowledgeBase:Store"] = "Qdrant",
            ["KnowledgeBase:Qdrant:Url"] = "http://127.0.0.1:1",
            ["KnowledgeBase:Qdrant:Collection"] = "think_tank",
            ["KnowledgeBase:Qdrant:ShardNumber"] = "4",
            ["KnowledgeBase:Qdrant:ReplicationFactor"] = "2",
            ["KnowledgeBase:Qdrant:DenseVectorSize"] = "1024",
        });

        var store = Assert.IsType<QdrantKnowledgeStore>(host.Store);
        Assert.Equal("think_tank", store.Collection);
        var options = host.Services.GetRequiredService<IOptions<QdrantOptions>>().Value;
        Assert.Equal((4u, 2u, 1024), (options.ShardNumber, options.ReplicationFactor, options.DenseVectorSize));
        // The ingest ledger stays in the embedded database.
        Assert.IsType<SqliteIngestLedger>(host.Services.GetRequiredService<IIngestLedger>());
        Assert.Single(host.Services.GetServices<IHostedService>(), s => s.GetType().Name == "QdrantCollectionStartup");
        Assert.Single(host.Services.GetServices<IKnowledgeStore>());
    }

    [Fact]
    public async Task An_unreachable_server_fails_with_the_url_in_the_reason()
    {
        await using var host = StoreHost.Create(new Dictionary<string, string?>
        {
            ["KnowledgeBase:Store"] = "Qdrant",
            ["KnowledgeBase:Qdrant:Url"] = "http://127.0.0.1:1",
            ["KnowledgeBase:Qdrant:Timeout"] = "00:00:05",
        });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Store.GetStatisticsAsync(TestContext.Current.CancellationToken));
        Assert.Contains("http://127.0.0.1:1", error.Message);
    }
}
