using KnowledgeBase.Embeddings;
using KnowledgeBase.Hosting.Configuration;
using KnowledgeBase.Storage.Embedded.Vectors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Hosting;

/// <summary>Registers the dense-vector parts: the embedder named by <c>KnowledgeBase:Embedder</c> and the embedded vector index.</summary>
public static class EmbeddingRegistration
{
    /// <summary>
    /// Binds <c>KnowledgeBase:Embedding</c> (<see cref="EmbeddingOptions"/>) and <c>KnowledgeBase:Vectors</c> (<see cref="VectorIndexOptions"/>),
    /// registers the parsed <see cref="EmbedderSpec"/>, <see cref="PassageVectorIndex"/> and <see cref="VectorBackfill"/>, and — unless the
    /// spec is <c>none</c> — the <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> and <see cref="PassageEmbedder"/> (created on first use,
    /// so a process that never embeds never loads the model). A malformed spec fails here, at startup, with the accepted forms.
    /// </summary>
    public static IServiceCollection AddKnowledgeBaseEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmbeddingOptions>(configuration.GetSection(EmbeddingOptions.Section));
        services.Configure<VectorIndexOptions>(configuration.GetSection(VectorIndexOptions.Section));
        services.AddSettingsValidation<EmbeddingOptions, EmbeddingOptionsValidation>();
        services.AddSettingsValidation<VectorIndexOptions, VectorIndexOptionsValidation>();

        var spec = EmbedderSpec.Parse(configuration[EmbedderSpec.ConfigurationKey]);
        services.TryAddSingleton(spec);
        services.TryAddSingleton<PassageVectorIndex>();
        services.TryAddSingleton<VectorBackfill>();
        if (spec.Kind == EmbedderKind.None) return services;

        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
            EmbedderFactory.Create(spec, sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value, sp.GetService<ILoggerFactory>())!);
        services.TryAddSingleton<PassageEmbedder>();
        services.TryAddSingleton<IPassageEmbedder>(sp => sp.GetRequiredService<PassageEmbedder>());
        return services;
    }

    /// <summary>
    /// Checks, before a run embeds or searches, that the vector index holds vectors of the configured model (recording it on
    /// first use). Returns null when no embedder is configured. Throws <see cref="VectorModelMismatchException"/> ("… run
    /// `kb reindex --embeddings`") on a different model, and <see cref="EmbeddingUnavailableException"/> when an endpoint whose
    /// dimension is not configured cannot be asked for it — an ingest may then go on lexically and leave passages pending.
    /// </summary>
    public static async Task<EmbedderInfo?> EnsureEmbeddingModelAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (services.GetService<PassageEmbedder>() is not { } embedder) return null;
        var info = await embedder.GetInfoAsync(cancellationToken);
        services.GetRequiredService<PassageVectorIndex>().EnsureModel(info.ModelId, info.Dimension);
        return info;
    }
}
