using KnowledgeBase.Embeddings;
using KnowledgeBase.Embeddings.Onnx;
using Microsoft.Extensions.AI;

namespace KnowledgeBase.Tests.Embeddings;

/// <summary>The real all-MiniLM-L6-v2 from the NuGet package, loaded once (about a second) and shared by the tests.</summary>
public static class MiniLm
{
    private static readonly Lazy<OnnxEmbeddingGenerator> Shared = new(() => OnnxEmbeddingGenerator.FromMiniLmPackage(new EmbeddingOptions { Threads = 2 }));

    public static OnnxEmbeddingGenerator Generator => Shared.Value;

    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);

    public static async Task<float[][]> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<string> texts, bool query = false)
    {
        var result = await generator.GenerateAsync(texts, query ? EmbeddingInput.QueryOptions() : EmbeddingInput.PassageOptions(), TestContext.Current.CancellationToken);
        return result.Select(e => e.Vector.ToArray()).ToArray();
    }
}
