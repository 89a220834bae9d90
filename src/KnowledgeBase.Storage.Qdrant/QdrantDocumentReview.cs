using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace KnowledgeBase.Storage.Qdrant;

/// <summary>
/// Approves a partner upload in Qdrant: clears <see cref="QdrantPayload.PendingReview"/> on every point of the document
/// (passages, pages, the document point), since each carries the access fields the filters decide on.
/// </summary>
public sealed class QdrantDocumentReview(QdrantKnowledgeStore store, QdrantClient client) : IDocumentReview
{
    public async Task<bool> ApproveAsync(string documentId, CancellationToken cancellationToken = default)
    {
        await store.EnsureCollectionAsync(cancellationToken);
        var document = new Filter();
        document.Must.Add(MatchKeyword(QdrantPayload.Kind, QdrantPayload.KindDocument));
        document.Must.Add(MatchKeyword(QdrantPayload.DocumentId, documentId));
        if (await client.CountAsync(store.Collection, document, exact: true, cancellationToken: cancellationToken) == 0) return false;

        // One request by filter; not atomic across points, so for a moment some passages may be approved and others not.
        var everyPoint = new Filter();
        everyPoint.Must.Add(MatchKeyword(QdrantPayload.DocumentId, documentId));
        await client.SetPayloadAsync(store.Collection, new Dictionary<string, Value> { [QdrantPayload.PendingReview] = false },
            everyPoint, wait: true, cancellationToken: cancellationToken);
        return true;
    }
}
