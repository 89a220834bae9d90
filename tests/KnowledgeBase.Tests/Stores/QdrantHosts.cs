using KnowledgeBase.Storage.Qdrant;
using Microsoft.Extensions.DependencyInjection;
using Qdrant.Client;

namespace KnowledgeBase.Tests.Stores;

/// <summary>Store hosts in Qdrant mode: against a real server at <c>QDRANT_URL</c>, or against <see cref="InMemoryQdrant"/>.</summary>
public static class QdrantHosts
{
    public const string SkipReason = "QDRANT_URL not set — no Qdrant server on this machine";

    /// <summary>
    /// A host on the server at <c>QDRANT_URL</c> (its gRPC port, e.g. http://localhost:6334) in its own throw-away collection,
    /// deleted again on dispose; skips the test (visibly) when <c>QDRANT_URL</c> is not set.
    /// </summary>
    public static async Task<StoreHost> RealAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var url = Environment.GetEnvironmentVariable("QDRANT_URL");
        Assert.SkipWhen(string.IsNullOrWhiteSpace(url), SkipReason);
        var all = new Dictionary<string, string?>
        {
            ["KnowledgeBase:Store"] = "Qdrant",
            ["KnowledgeBase:Qdrant:Url"] = url,
            ["KnowledgeBase:Qdrant:ApiKey"] = Environment.GetEnvironmentVariable("QDRANT_API_KEY"),
            ["KnowledgeBase:Qdrant:Collection"] = "kb_test_" + Guid.NewGuid().ToString("N")[..12],
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var host = StoreHost.Create(all, configure: configure, cleanup: async h =>
        {
            var store = h.Services.GetRequiredService<QdrantKnowledgeStore>();
            await h.Services.GetRequiredService<QdrantClient>().DeleteCollectionAsync(store.Collection);
        });
        Assert.IsType<QdrantKnowledgeStore>(host.Store);
        await host.Services.GetRequiredService<QdrantKnowledgeStore>().EnsureCollectionAsync(TestContext.Current.CancellationToken);
        return host;
    }

    /// <summary>A host in Qdrant mode whose client talks to <paramref name="qdrant"/> (see what that can and cannot prove).</summary>
    public static StoreHost InMemory(InMemoryQdrant qdrant, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var all = new Dictionary<string, string?> { ["KnowledgeBase:Store"] = "Qdrant", ["KnowledgeBase:Qdrant:Collection"] = "kb_fake" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var host = StoreHost.Create(all, configure: services =>
        {
            services.AddSingleton(qdrant.Client);
            configure?.Invoke(services);
        });
        Assert.IsType<QdrantKnowledgeStore>(host.Store);
        return host;
    }
}
