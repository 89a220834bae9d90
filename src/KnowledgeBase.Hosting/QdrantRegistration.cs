using KnowledgeBase.Configuration;
using KnowledgeBase.Hosting.Configuration;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Qdrant;
using KnowledgeBase.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace KnowledgeBase.Hosting;

/// <summary>Switches the store to Qdrant when <c>KnowledgeBase:Store</c> is <c>Qdrant</c>.</summary>
public static class QdrantRegistration
{
    /// <summary>
    /// When <c>KnowledgeBase:Store</c> is <c>Qdrant</c>: binds <see cref="QdrantOptions"/> from <c>KnowledgeBase:Qdrant</c> and
    /// replaces the <see cref="IKnowledgeStore"/> registration with <see cref="QdrantKnowledgeStore"/>. The ingest ledger stays
    /// the embedded SQLite one in the data directory. Otherwise does nothing. Safe to call more than once.
    /// Call it after the embedded store is registered.
    /// </summary>
    public static IServiceCollection AddQdrantStoreIfConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        var store = configuration[$"{KnowledgeBaseOptions.Section}:{nameof(KnowledgeBaseOptions.Store)}"];
        if (!string.Equals(store, "Qdrant", StringComparison.OrdinalIgnoreCase)) return services;

        services.Configure<QdrantOptions>(configuration.GetSection(QdrantOptions.Section));
        services.AddSettingsValidation<QdrantOptions, QdrantOptionsValidation>();
        services.TryAddSingleton(sp => QdrantConnection.OpenChannel(sp.GetRequiredService<IOptions<QdrantOptions>>().Value));
        services.TryAddSingleton(sp => QdrantConnection.CreateClient(sp.GetRequiredService<QdrantChannel>(), sp.GetRequiredService<IOptions<QdrantOptions>>().Value));
        services.TryAddSingleton(sp => new QdrantKnowledgeStore(
            sp.GetRequiredService<QdrantClient>(),
            sp.GetRequiredService<TextAnalyzer>(),
            sp.GetRequiredService<IOptions<QdrantOptions>>(),
            sp.GetRequiredService<IIngestLedger>()));
        services.Replace(ServiceDescriptor.Singleton<IKnowledgeStore>(sp => sp.GetRequiredService<QdrantKnowledgeStore>()));
        // The embedded statistics would count an empty SQLite store; without them translations keep dictionary order.
        services.RemoveAll<ITermStatistics>();
        services.RemoveAll<KnowledgeBase.Retrieval.Expansion.TranslationSelector>();
        // Hosts (API, worker) create or check the collection before serving, so a wrong model or size stops start-up
        // with its reason; the CLI, which runs no hosted services, does the same on first use.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, QdrantCollectionStartup>());
        return services;
    }
}

/// <summary>Runs <see cref="QdrantKnowledgeStore.EnsureCollectionAsync"/> when the host starts.</summary>
internal sealed class QdrantCollectionStartup(QdrantKnowledgeStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureCollectionAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
