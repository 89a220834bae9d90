using KnowledgeBase.Storage.Qdrant;
using Microsoft.Extensions.DependencyInjection;
using Qdrant.Client;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// The store suite against a real Qdrant server at <c>QDRANT_URL</c> (its gRPC port, e.g. http://localhost:6334), each test
/// in its own throw-away collection. Without <c>QDRANT_URL</c> every test is reported as skipped, never as passed.
/// </summary>
public sealed class QdrantStoreBehaviour : StoreBehaviour
{
    public const string SkipReason = "QDRANT_URL not set — no Qdrant server on this machine";

    protected override async Task<StoreHost> CreateHostAsync()
    {
        var url = Environment.GetEnvironmentVariable("QDRANT_URL");
        Assert.SkipWhen(string.IsNullOrWhiteSpace(url), SkipReason);
        var host = StoreHost.Create(new Dictionary<string, string?>
        {
            ["KnowledgeBase:Store"] = "Qdrant",
            ["KnowledgeBase:Qdrant:Url"] = url,
            ["KnowledgeBase:Qdrant:ApiKey"] = Environment.GetEnvironmentVariable("QDRANT_API_KEY"),
            ["KnowledgeBase:Qdrant:Collection"] = "kb_test_" + Guid.NewGuid().ToString("N")[..12],
        }, cleanup: async h =>
        {
            var store = h.Services.GetRequiredService<QdrantKnowledgeStore>();
            await h.Services.GetRequiredService<QdrantClient>().DeleteCollectionAsync(store.Collection);
        });
        Assert.IsType<QdrantKnowledgeStore>(host.Store);
        await host.Services.GetRequiredService<QdrantKnowledgeStore>().EnsureCollectionAsync(TestContext.Current.CancellationToken);
        return host;
    }
}
