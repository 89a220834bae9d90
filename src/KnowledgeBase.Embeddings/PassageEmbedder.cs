using KnowledgeBase.Model;
using Microsoft.Extensions.AI;

namespace KnowledgeBase.Embeddings;

/// <summary>
/// What ingest, backfill and search call: passages and queries in, vectors out, through the configured generator.
/// Decides once what text of a passage is embedded, so ingest and re-embedding agree.
/// </summary>
public sealed class PassageEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator) : IPassageEmbedder
{
    private Task<EmbedderInfo>? _info;

    public IEmbeddingGenerator<string, Embedding<float>> Generator => generator;

    /// <summary>Model id and dimension (an endpoint is asked once if its size is not configured).</summary>
    public Task<EmbedderInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        _info ??= EmbedderFactory.DescribeAsync(generator, cancellationToken);

    /// <summary>The text embedded for a passage: its heading path (context the body often lacks), then its body.</summary>
    public static string TextOf(Passage passage) =>
        string.IsNullOrWhiteSpace(passage.HeadingPath) ? passage.Text : passage.HeadingPath + "\n" + passage.Text;

    /// <summary>Vectors aligned with <paramref name="passages"/>. Throws <see cref="EmbeddingUnavailableException"/> when the embedder cannot answer.</summary>
    public Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedPassagesAsync(IReadOnlyList<Passage> passages, CancellationToken cancellationToken = default) =>
        generator.EmbedPassagesAsync(passages.Select(TextOf).ToList(), cancellationToken);

    /// <summary>The query vector for <see cref="Retrieval.RetrievalQuery.Vector"/>.</summary>
    public Task<ReadOnlyMemory<float>> EmbedQueryAsync(string query, CancellationToken cancellationToken = default) =>
        generator.EmbedQueryAsync(query, cancellationToken);
}
