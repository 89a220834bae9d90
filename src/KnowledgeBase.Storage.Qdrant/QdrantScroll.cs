using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace KnowledgeBase.Storage.Qdrant;

/// <summary>Reads every point a filter selects, page by page.</summary>
internal static class QdrantScroll
{
    private const uint Page = 256;

    public static async IAsyncEnumerable<RetrievedPoint> AllAsync(QdrantClient client, string collection, Filter filter, WithPayloadSelector payload,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PointId? offset = null;
        do
        {
            var page = await client.ScrollAsync(collection, filter, Page, offset, payload, cancellationToken: cancellationToken);
            foreach (var point in page.Result) yield return point;
            offset = page.NextPageOffset;
        } while (offset is not null);
    }
}
