namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// The store suite against a real Qdrant server at <c>QDRANT_URL</c> (its gRPC port, e.g. http://localhost:6334), each test
/// in its own throw-away collection. Without <c>QDRANT_URL</c> every test is reported as skipped, never as passed.
/// </summary>
public sealed class QdrantStoreBehaviour : StoreBehaviour
{
    public const string SkipReason = QdrantHosts.SkipReason;

    protected override Task<StoreHost> CreateHostAsync() => QdrantHosts.RealAsync();
}
