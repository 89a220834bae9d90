using KnowledgeBase.Configuration;
using KnowledgeBase.Hosting.Configuration;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Qdrant;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Time;
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
    /// replaces every registration that reads documents and passages with its Qdrant counterpart: the store
    /// (<see cref="IKnowledgeStore"/>), the catalog (<see cref="IDocumentCatalog"/>: listings, facets, passage look-ups for
    /// "similar"), staff review (<see cref="IDocumentReview"/>) and the term statistics behind translation selection
    /// (<see cref="ITermStatistics"/>). The ingest ledger stays where the host registered it. Otherwise does nothing.
    /// Safe to call more than once, before or after the API's own services are added.
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
            sp.GetRequiredService<IIngestLedger>(),
            sp.GetRequiredService<PassageTimeAnnotator>()));
        services.Replace(ServiceDescriptor.Singleton<IKnowledgeStore>(sp => sp.GetRequiredService<QdrantKnowledgeStore>()));
        services.Replace(ServiceDescriptor.Singleton<IDocumentCatalog, QdrantDocumentCatalog>());
        services.Replace(ServiceDescriptor.Singleton<IDocumentReview, QdrantDocumentReview>());
        services.Replace(ServiceDescriptor.Singleton<ITermStatistics, QdrantTermStatistics>());
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
