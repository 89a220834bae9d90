namespace KnowledgeBase.Model;

/// <summary>Everything a store writes for one document, in one atomic step.</summary>
/// <param name="Vectors">Optional passage embeddings, aligned with <paramref name="Passages"/>; null when no embedder is configured or it failed (the passages are then marked for embedding later).</param>
public sealed record DocumentSubmission(
    DocumentRecord Document,
    IReadOnlyList<DocumentPage> Pages,
    IReadOnlyList<Passage> Passages,
    IReadOnlyList<ReadOnlyMemory<float>>? Vectors = null);
