using KnowledgeBase.Retrieval;
using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Lexical;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Hosting;

/// <summary>
/// Starts, in the background, the loads a first search waits for: jieba's dictionaries (most of a second of CPU) and
/// the translation lexicons the query will consult (a server also runs the store's warm-up probe,
/// <see cref="SearchService.WarmUpAsync"/>). A search process calls it as soon as its services exist, so the
/// loads overlap opening the database and building the search pipeline instead of following them. Nothing here
/// changes what is loaded or how; a warm-up that guesses wrong only costs the time it would have cost anyway.
/// </summary>
public static class SearchWarmup
{
    /// <param name="query">
    /// The query the process is about to run, when it knows it: a lexicon the query cannot need (the English→Chinese
    /// table for a query without Latin letters) is then left unread. Null warms up everything (a server).
    /// </param>
    public static void StartSearchWarmup(this IServiceProvider services, string? query = null)
    {
        services.GetRequiredService<ChineseSegmenter>().StartLoading();
        foreach (var lexicon in LexiconsFor(services, query)) lexicon();
    }

    /// <summary>
    /// The same loads one after another on one background thread: what a server wants, so that the warm-up leaves the
    /// other cores to the requests that arrive meanwhile.
    /// </summary>
    public static async Task WarmUpSearchInTurnAsync(this IServiceProvider services)
    {
        await services.GetRequiredService<ChineseSegmenter>().StartLoading().ConfigureAwait(false);
        foreach (var lexicon in LexiconsFor(services, null)) await lexicon().ConfigureAwait(false);
        await services.GetRequiredService<SearchService>().WarmUpAsync().ConfigureAwait(false);
    }

    /// <summary>Preloads of the lexicons the query can need (all of them when the query is unknown).</summary>
    private static List<Func<Task>> LexiconsFor(IServiceProvider services, string? query)
    {
        var normalized = query is null ? null : services.GetRequiredService<CharNormalizer>().Normalize(query);
        var options = services.GetRequiredService<IOptions<QueryExpansionOptions>>().Value;
        var preloads = new List<Func<Task>>();
        if (options.ChineseToEnglish && (normalized is null || CharClass.ContainsHan(normalized)) && services.GetService<ChineseEnglishLexicon>() is { } zhEn)
            preloads.Add(zhEn.Preload);
        if (options.EnglishToChinese && (normalized is null || normalized.Any(char.IsAsciiLetter)) && services.GetService<EnglishChineseLexicon>() is { } enZh)
            preloads.Add(enZh.Preload);
        return preloads;
    }

    /// <summary>
    /// Warms up search in the background once the host has started (the API): the first request then finds the tables
    /// loaded, and the loads do not compete with the host's own start-up for the cores before the server listens.
    /// </summary>
    public static IServiceCollection AddSearchWarmup(this IServiceCollection services)
    {
        services.AddHostedService<SearchWarmupService>();
        return services;
    }

    private sealed class SearchWarmupService(IServiceProvider services, ILogger<SearchWarmupService> logger) : IHostedLifecycleService
    {
        public Task StartedAsync(CancellationToken cancellationToken)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await services.WarmUpSearchInTurnAsync();
                    PreloadLexicalIndex();
                }
                // Not fatal: the first search loads what is missing, and reports the failure itself if it recurs.
                catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Search warm-up failed"); }
            }, CancellationToken.None);
            return Task.CompletedTask;
        }

        private void PreloadLexicalIndex()
        {
            var registered = services.GetService<IKnowledgeStore>();
            if (registered is SharedLedgerStore shared) registered = shared.Inner;
            if (registered is not SqliteKnowledgeStore store) return;
            // Said once at start-up, where the operator looks, as well as to every search that is refused.
            if (store.IsLexicalIndexStale())
                logger.LogError("The search index of {DataDirectory} was built by a different text analysis than this installation's: searches answer 503 until `kb reindex --data {DataDirectory}` has run",
                    store.Database.DataDirectory, store.Database.DataDirectory);
            if (!services.GetRequiredService<IOptions<LexicalOptions>>().Value.PreloadOnStart) return;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var bytes = store.PreloadLexicalIndex(stopping.Token);
            logger.LogInformation("Preloaded {Megabytes:F0} MiB of postings into the file cache in {Seconds:F1} s", bytes / 1048576.0, clock.Elapsed.TotalSeconds);
        }

        private readonly CancellationTokenSource stopping = new();

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppingAsync(CancellationToken cancellationToken) => stopping.CancelAsync();
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
