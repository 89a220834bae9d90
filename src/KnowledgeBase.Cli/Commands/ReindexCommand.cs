using System.CommandLine;
using System.Globalization;
using KnowledgeBase.Embeddings;
using KnowledgeBase.Configuration;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Lexical;
using KnowledgeBase.Storage.Embedded.Vectors;
using KnowledgeBase.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Cli.Commands;

/// <summary>
/// <c>kb reindex</c>: rebuild the lexical index from the stored passages with the installed analysis chain (after a
/// dictionary or a variant map changed), or with <c>--embeddings</c> re-embed every passage with the configured model.
/// </summary>
internal static class ReindexCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var embedder = CommonOptions.Embedder();
        var embeddings = new Option<bool>("--embeddings") { Description = "Instead: recompute the dense vector of every passage with the configured embedder and record its model." };
        var pending = new Option<bool>("--pending") { Description = "With --embeddings: only embed passages that have no vector yet (after an endpoint outage)." };
        var command = new Command("reindex", """
            Rebuild derived indexes from the stored passages, without re-parsing documents.
            Without options: rebuild the search index (words, character bigrams, normalised text, time terms) with the
            installed text analysis (jieba and its dictionaries, KnowledgeBase:Text:UserDictionaries, the policy vocabulary,
            the traditional→simplified map, stop words) and record its fingerprint. Run it when a search says the index was
            built by a different text analysis. It runs in one transaction: searches keep using the old index until it
            finishes, and a crash leaves the old index in place. Progress lines go to stderr.
            With --embeddings: recompute all passage vectors with the configured embedder (--embedder or
            KnowledgeBase:Embedder) and replace the model recorded with the index.
            """) { data, embedder, embeddings, pending };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliHost.RequireKnowledgeBase(result.GetValue(data)!)) return ExitCodes.Error;
            await using var services = CliHost.Build(result.GetValue(data)!, CommonOptions.EmbedderOverride(result.GetValue(embedder)));
            return result.GetValue(embeddings)
                ? await ReembedAsync(services, result.GetValue(pending), cancellationToken)
                : RebuildLexical(services, cancellationToken);
        });
        return command;
    }

    private static int RebuildLexical(ServiceProvider services, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<KnowledgeBaseOptions>>().Value;
        if (string.Equals(options.Store, "Qdrant", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine("kb reindex: the passages are in Qdrant (KnowledgeBase:Store=Qdrant), whose terms are written with each point; " +
                                    "to rebuild them, migrate the embedded store into a new collection (kb migrate --to qdrant) or re-ingest. See docs/scale-out.md.");
            return ExitCodes.Error;
        }
        var store = services.GetRequiredService<SqliteKnowledgeStore>();
        Console.Error.WriteLine("reindex: loading the text analysis…");
        var fingerprint = services.GetRequiredService<TextAnalyzer>().Fingerprint;
        var count = store.RebuildLexicalIndex(new ConsoleProgress(), cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"re-indexed {count} passages (text analysis {fingerprint[..12]})"));
        return ExitCodes.Ok;
    }

    private static async Task<int> ReembedAsync(ServiceProvider services, bool pendingOnly, CancellationToken cancellationToken)
    {
        if (services.GetService<PassageEmbedder>() is not { } passageEmbedder)
        {
            Console.Error.WriteLine("kb reindex: no embedder configured; pass --embedder minilm|onnx:DIR|openai:URL#MODEL or set KnowledgeBase:Embedder.");
            return ExitCodes.Error;
        }
        var info = await passageEmbedder.GetInfoAsync(cancellationToken);
        if (!pendingOnly) services.GetRequiredService<PassageVectorIndex>().Reset(info.ModelId, info.Dimension);
        else if (!await EmbeddingSteps.CheckModelAsync(services, "reindex", cancellationToken)) return ExitCodes.Error;
        var count = await EmbeddingSteps.BackfillAsync(services, cancellationToken);
        Console.WriteLine($"embedded {count} passages with {info.ModelId} ({info.Dimension} dims)");
        return ExitCodes.Ok;
    }

    /// <summary>Progress lines on stderr, written as they come (not posted to the thread pool as <see cref="Progress{T}"/> would).</summary>
    private sealed class ConsoleProgress : IProgress<ReindexProgress>
    {
        public void Report(ReindexProgress value) =>
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"reindex: {value.Done}/{value.Total} passages ({(value.Total == 0 ? 100 : 100.0 * value.Done / value.Total):F0} %), {value.Elapsed.TotalSeconds:F0} s"));
    }
}
