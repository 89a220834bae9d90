using KnowledgeBase.Model;

namespace KnowledgeBase.Embeddings;

/// <summary>
/// The dense-vector seam ingest calls: passages in, vectors out, with the identity of the model that made them.
/// Registered only when an embedder is configured; without one, ingest is lexical and passages stay pending.
/// </summary>
public interface IPassageEmbedder
{
    /// <summary>Model id and dimension of the vectors this embedder produces.</summary>
    Task<EmbedderInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Vectors aligned with <paramref name="passages"/>. Throws <see cref="EmbeddingUnavailableException"/> when the embedder cannot answer.</summary>
    Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedPassagesAsync(IReadOnlyList<Passage> passages, CancellationToken cancellationToken = default);
}
