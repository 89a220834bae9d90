using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Hosting;

/// <summary>
/// Starts, in the background, the loads a first search waits for: jieba's dictionaries (most of a second of CPU) and
/// the translation lexicons the query will consult. A search process calls it as soon as its services exist, so the
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
        var normalized = query is null ? null : services.GetRequiredService<CharNormalizer>().Normalize(query);
        var options = services.GetRequiredService<IOptions<QueryExpansionOptions>>().Value;
        if (options.ChineseToEnglish && (normalized is null || CharClass.ContainsHan(normalized)))
            services.GetService<ChineseEnglishLexicon>()?.Preload();
        if (options.EnglishToChinese && (normalized is null || normalized.Any(char.IsAsciiLetter)))
            services.GetService<EnglishChineseLexicon>()?.Preload();
    }

    /// <summary>Warms up search in the background when the host starts (the API): the first request then finds the tables loaded.</summary>
    public static IServiceCollection AddSearchWarmup(this IServiceCollection services)
    {
        services.AddHostedService<SearchWarmupService>();
        return services;
    }

    private sealed class SearchWarmupService(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.StartSearchWarmup();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
