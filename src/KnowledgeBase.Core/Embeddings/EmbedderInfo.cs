namespace KnowledgeBase.Embeddings;

/// <summary>
/// The identity of the vectors an embedder produces. A vector index records it when it is built and refuses
/// queries or writes from a different model, since vectors of two models are not comparable.
/// </summary>
public sealed record EmbedderInfo(string ModelId, int Dimension)
{
    public override string ToString() => $"{ModelId} ({Dimension} dims)";
}
