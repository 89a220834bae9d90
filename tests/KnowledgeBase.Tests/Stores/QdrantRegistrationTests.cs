using KnowledgeBase.Hosting;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Catalog;
using KnowledgeBase.Storage.Qdrant;
using Microsoft.Extensions.Configuration;
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
    public void Store_Qdrant_answers_the_catalog_review_and_term_statistics_from_Qdrant_whatever_the_registration_order()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KnowledgeBase:DataDirectory"] = TestServices.TempDirectory(),
            ["KnowledgeBase:Store"] = "Qdrant",
            ["KnowledgeBase:Qdrant:Url"] = "http://127.0.0.1:1",
        }).Build();
        foreach (var apiServicesFirst in new[] { false, true })
        {
            var services = new ServiceCollection();
            services.AddLogging();
            if (apiServicesFirst) services.AddKnowledgeBaseApiServices();
            services.AddKnowledgeBase(configuration);
            if (!apiServicesFirst) services.AddKnowledgeBaseApiServices();
            using var provider = services.BuildServiceProvider();

            Assert.IsType<QdrantDocumentCatalog>(Assert.Single(provider.GetServices<IDocumentCatalog>()));
            Assert.IsType<QdrantDocumentReview>(Assert.Single(provider.GetServices<IDocumentReview>()));
            Assert.IsType<QdrantTermStatistics>(Assert.Single(provider.GetServices<ITermStatistics>()));
            // Translations are chosen with Qdrant's counts, not kept in dictionary order.
            Assert.NotNull(provider.GetService<KnowledgeBase.Retrieval.Expansion.TranslationSelector>());
        }
    }

    [Fact]
    public async Task The_embedded_default_keeps_the_sqlite_catalog_and_review()
    {
        await using var host = StoreHost.Create();
        Assert.IsType<SqliteDocumentCatalog>(host.Catalog);
        Assert.IsType<SqliteDocumentReview>(host.Review);
        Assert.IsType<SqliteKnowledgeStore>(host.Services.GetRequiredService<ITermStatistics>());
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
