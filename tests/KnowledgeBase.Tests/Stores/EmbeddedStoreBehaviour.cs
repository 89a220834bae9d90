namespace KnowledgeBase.Tests.Stores;

/// <summary>The store suite against the embedded SQLite store in a temporary data directory; always runs.</summary>
public sealed class EmbeddedStoreBehaviour : StoreBehaviour
{
    protected override Task<StoreHost> CreateHostAsync() => Task.FromResult(StoreHost.Create());
}
