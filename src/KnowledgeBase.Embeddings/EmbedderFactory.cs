using KnowledgeBase.Embeddings.Onnx;
using KnowledgeBase.Embeddings.OpenAi;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Embeddings;

/// <summary>Builds the generator an <see cref="EmbedderSpec"/> names.</summary>
public static class EmbedderFactory
{
    /// <summary>The generator for <paramref name="spec"/>, or null for <c>none</c>. ONNX models are loaded here (about a second for MiniLM).</summary>
    public static IEmbeddingGenerator<string, Embedding<float>>? Create(EmbedderSpec spec, EmbeddingOptions options, ILoggerFactory? loggers = null)
    {
        var logger = loggers?.CreateLogger("KnowledgeBase.Embeddings");
        return spec.Kind switch
        {
            EmbedderKind.None => null,
            EmbedderKind.MiniLm => OnnxEmbeddingGenerator.FromMiniLmPackage(options, logger),
            EmbedderKind.Onnx => OnnxEmbeddingGenerator.FromFolder(spec.Location!, options, logger),
            EmbedderKind.OpenAi => OpenAiEndpointEmbeddingGenerator.FromSpec(spec, options, logger),
            _ => throw new ArgumentOutOfRangeException(nameof(spec)),
        };
    }

    /// <summary>
    /// Model id and vector size of a generator: what it reports, else its metadata, else the length of one probe vector
    /// (an endpoint whose size is not configured is asked once).
    /// </summary>
    public static async Task<EmbedderInfo> DescribeAsync(IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken = default)
    {
        if (generator.GetService<EmbedderInfo>() is { } info) return info;
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var modelId = metadata?.DefaultModelId ?? metadata?.ProviderName ?? "unknown";
        if (metadata?.DefaultModelDimensions is { } dims) return new EmbedderInfo(modelId, dims);
        var probe = await generator.EmbedQueryAsync("dimension probe", cancellationToken);
        return generator.GetService<EmbedderInfo>() ?? new EmbedderInfo(modelId, probe.Length);
    }
}
