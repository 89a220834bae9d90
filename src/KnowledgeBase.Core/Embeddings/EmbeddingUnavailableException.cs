namespace KnowledgeBase.Embeddings;

/// <summary>
/// The embedder could not produce vectors (endpoint down, refused, over quota after retries, bad key).
/// Ingest catches it, stores the lexical data and leaves the passages without vectors so a later
/// <c>kb reindex --embeddings</c> (or the worker's backfill) embeds them.
/// </summary>
public sealed class EmbeddingUnavailableException : Exception
{
    public EmbeddingUnavailableException(string message, Exception? inner = null, int? statusCode = null) : base(message, inner)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status of the last answer, when there was one.</summary>
    public int? StatusCode { get; }
}
