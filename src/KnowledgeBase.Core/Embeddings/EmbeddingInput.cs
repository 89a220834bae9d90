using Microsoft.Extensions.AI;

namespace KnowledgeBase.Embeddings;

/// <summary>
/// Whether text is a search query or a stored passage. Retrieval models (e5, bge) are trained with different
/// prefixes for the two; every generator here reads the kind from
/// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>["input_type"] and treats a missing value as a passage.
/// </summary>
public static class EmbeddingInput
{
    public const string PropertyName = "input_type";
    public const string Query = "query";
    public const string Passage = "passage";

    /// <summary>Options that ask for query embeddings.</summary>
    public static EmbeddingGenerationOptions QueryOptions() => new() { AdditionalProperties = new() { [PropertyName] = Query } };

    /// <summary>Options that ask for passage embeddings.</summary>
    public static EmbeddingGenerationOptions PassageOptions() => new() { AdditionalProperties = new() { [PropertyName] = Passage } };

    /// <summary>True when <paramref name="options"/> ask for query embeddings.</summary>
    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PropertyName, out var value) == true &&
        string.Equals(value?.ToString(), Query, StringComparison.OrdinalIgnoreCase);

    /// <summary>Embeds one search query.</summary>
    public static async Task<ReadOnlyMemory<float>> EmbedQueryAsync(this IEmbeddingGenerator<string, Embedding<float>> generator, string query, CancellationToken cancellationToken = default)
    {
        var result = await generator.GenerateAsync([query], QueryOptions(), cancellationToken);
        return result[0].Vector;
    }

    /// <summary>Embeds passages, in order.</summary>
    public static async Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedPassagesAsync(this IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        if (passages.Count == 0) return [];
        var result = await generator.GenerateAsync(passages, PassageOptions(), cancellationToken);
        return result.Select(e => e.Vector).ToList();
    }
}
