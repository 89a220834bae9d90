using KnowledgeBase.Embeddings;
using KnowledgeBase.Hosting;
using KnowledgeBase.Storage.Embedded.Vectors;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Cli.Commands;

/// <summary>The dense-vector steps verbs share: check the model before a run, embed pending passages, save the graph.</summary>
internal static class EmbeddingSteps
{
    /// <summary>
    /// Checks the configured model against the index. Returns false (after printing why) when the run must stop:
    /// a different model built the index. An unreachable endpoint only warns: lexical work goes on.
    /// </summary>
    public static async Task<bool> CheckModelAsync(IServiceProvider services, string verb, CancellationToken cancellationToken)
    {
        try
        {
            await services.EnsureEmbeddingModelAsync(cancellationToken);
            return true;
        }
        catch (VectorModelMismatchException e)
        {
            Console.Error.WriteLine($"kb {verb}: {e.Message}");
            return false;
        }
        catch (EmbeddingUnavailableException e)
        {
            Console.Error.WriteLine($"kb {verb}: warning: {e.Message}; continuing without dense vectors (passages stay pending).");
            return true;
        }
    }

    /// <summary>Embeds every passage that has no vector yet, with a progress line on stderr. Returns how many were embedded.</summary>
    public static async Task<int> BackfillAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<PassageEmbedder>() is not { } embedder) return 0;
        var backfill = services.GetRequiredService<VectorBackfill>();
        var pending = backfill.CountPending();
        if (pending == 0) return 0;
        var progress = new Progress<int>(done => Console.Error.WriteLine($"embedding {done}/{pending} passages"));
        var count = await backfill.RunAsync(embedder.EmbedPassagesAsync, 32, progress, cancellationToken);
        await SaveGraphAsync(services, cancellationToken);
        return count;
    }

    /// <summary>A one-shot command waits for a background HNSW build so the next process loads it instead of rebuilding.</summary>
    public static async Task SaveGraphAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var index = services.GetRequiredService<PassageVectorIndex>();
        await index.WaitForGraphAsync(cancellationToken);
        index.SaveGraph();
    }
}
