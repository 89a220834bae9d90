using System.Diagnostics;
using System.Text.Json.Nodes;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Bench;

/// <summary>
/// Where a cold <c>kb search</c> spends its time, phase by phase, in a fresh process: runtime start to Main, building the
/// service provider, the character-variant table, stop words, the jieba dictionary and HMM tables (plus the policy
/// vocabulary), the first segmentation, opening the database, the Chinese→English lexicon (a Chinese query consults
/// it; the English→Chinese one is read only for queries with English words), the first and a second search. The
/// phases run one after another here; kb search overlaps the jieba load with the others (docs/performance.md).
/// </summary>
internal static class StartupProfile
{
    public static async Task<JsonObject> RunAsync(string dataDirectory)
    {
        var toMain = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        var phases = new JsonObject { ["processStartToMainMs"] = Math.Round(toMain, 1) };
        var clock = Stopwatch.StartNew();
        void Phase(string name) { phases[name] = Math.Round(clock.Elapsed.TotalMilliseconds, 1); clock.Restart(); }

        await using var services = KbEngine.Services(dataDirectory);
        Phase("serviceProviderMs");
        services.GetRequiredService<CharNormalizer>();
        Phase("charNormalizerMs");
        services.GetRequiredService<StopWords>();
        Phase("stopWordsMs");
        // kb search loads jieba in the background while it opens the store; here the load is awaited on its own to time it.
        await services.GetRequiredService<ChineseSegmenter>().Ready;
        Phase("jiebaDictionaryMs");
        services.GetRequiredService<TextAnalyzer>().Words("政协委员围绕优化营商环境建言献策");
        Phase("firstSegmentationMs");
        services.GetRequiredService<SqliteDatabase>();
        Phase("openDatabaseMs");
        await services.GetRequiredService<ChineseEnglishLexicon>().Preload();
        Phase("chineseEnglishLexiconMs");
        var search = services.GetRequiredService<SearchService>();
        await KbEngine.SearchAsync(search, "营商环境", AccessScope.Everything);
        Phase("firstSearchMs");
        await KbEngine.SearchAsync(search, "乡村振兴 产业发展", AccessScope.Everything);
        Phase("secondSearchMs");
        phases["totalFromProcessStartMs"] = Math.Round((DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds, 1);
        return phases;
    }
}
