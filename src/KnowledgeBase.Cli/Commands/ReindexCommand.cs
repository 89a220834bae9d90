using System.CommandLine;
using KnowledgeBase.Embeddings;
using KnowledgeBase.Storage.Embedded.Vectors;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Cli.Commands;

/// <summary><c>kb reindex --embeddings</c>: re-embed every passage with the configured model (or only the pending ones).</summary>
internal static class ReindexCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var embedder = CommonOptions.Embedder();
        var embeddings = new Option<bool>("--embeddings") { Description = "Rebuild the dense vectors of every passage with the configured model (required)." };
        var pending = new Option<bool>("--pending") { Description = "Only embed passages that have no vector yet (after an endpoint outage)." };
        var command = new Command("reindex", """
            Rebuild derived indexes without re-parsing documents. With --embeddings, all passage vectors are recomputed with
            the configured embedder (--embedder or KnowledgeBase:Embedder) and the model recorded with the index is replaced.
            """) { data, embedder, embeddings, pending };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!result.GetValue(embeddings)) { Console.Error.WriteLine("kb reindex: say what to rebuild: --embeddings"); return ExitCodes.Error; }
            if (!CliHost.RequireKnowledgeBase(result.GetValue(data)!)) return ExitCodes.Error;
            await using var services = CliHost.Build(result.GetValue(data)!, CommonOptions.EmbedderOverride(result.GetValue(embedder)));
            if (services.GetService<PassageEmbedder>() is not { } passageEmbedder)
            {
                Console.Error.WriteLine("kb reindex: no embedder configured; pass --embedder minilm|onnx:DIR|openai:URL#MODEL or set KnowledgeBase:Embedder.");
                return ExitCodes.Error;
            }
            var info = await passageEmbedder.GetInfoAsync(cancellationToken);
            if (!result.GetValue(pending)) services.GetRequiredService<PassageVectorIndex>().Reset(info.ModelId, info.Dimension);
            else if (!await EmbeddingSteps.CheckModelAsync(services, "reindex", cancellationToken)) return ExitCodes.Error;
            var count = await EmbeddingSteps.BackfillAsync(services, cancellationToken);
            Console.WriteLine($"embedded {count} passages with {info.ModelId} ({info.Dimension} dims)");
            return ExitCodes.Ok;
        });
        return command;
    }
}
