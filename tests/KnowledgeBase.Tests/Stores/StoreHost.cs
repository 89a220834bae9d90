using KnowledgeBase.Hosting;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// A store wired exactly as the applications wire it (AddKnowledgeBase, the API's catalog and review, the Qdrant switch),
/// over a fresh data directory.
/// </summary>
public sealed class StoreHost : IAsyncDisposable
{
    private readonly Func<StoreHost, ValueTask>? _cleanup;

    private StoreHost(ServiceProvider services, string dataDirectory, Func<StoreHost, ValueTask>? cleanup)
    {
        Services = services;
        DataDirectory = dataDirectory;
        _cleanup = cleanup;
    }

    public ServiceProvider Services { get; }
    public string DataDirectory { get; }
    public IKnowledgeStore Store => Services.GetRequiredService<IKnowledgeStore>();
    public SearchService Search => Services.GetRequiredService<SearchService>();
    public IDocumentCatalog Catalog => Services.GetRequiredService<IDocumentCatalog>();
    public IDocumentReview Review => Services.GetRequiredService<IDocumentReview>();

    /// <param name="configure">Registers services before the application's own (which keep them: they are added with TryAdd).</param>
    public static StoreHost Create(IDictionary<string, string?>? settings = null, Func<StoreHost, ValueTask>? cleanup = null, Action<IServiceCollection>? configure = null)
    {
        var dataDirectory = TestServices.TempDirectory();
        var all = new Dictionary<string, string?> { ["KnowledgeBase:DataDirectory"] = dataDirectory };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        // Loading jieba takes a second: share the one analysis chain (registered first, so AddKnowledgeBase's TryAdd keeps it).
        services.AddSingleton(TestServices.Analyzer);
        services.AddSingleton(TestServices.Analyzer.Normalizer);
        configure?.Invoke(services);
        services.AddKnowledgeBase(configuration);
        services.AddKnowledgeBaseApiServices();
        // Idempotent: harmless once AddKnowledgeBase calls it itself.
        services.AddQdrantStoreIfConfigured(configuration);
        return new StoreHost(services.BuildServiceProvider(), dataDirectory, cleanup);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_cleanup is not null) await _cleanup(this);
        }
        finally
        {
            await Services.DisposeAsync();
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
