using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeBase.Hosting;
using KnowledgeBase.Ocr;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Text;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Bench;

/// <summary>
/// The per-size steps, each run in its own child process so its peak working set is its own:
/// build-kb, build-lucene (skipped when a complete cached store exists), query-kb, query-lucene.
/// A step prints its figures as one line <c>RESULT {json}</c> on stdout.
/// </summary>
internal static class SizeWorkers
{
    public const string ResultPrefix = "RESULT ";
    private const int WarmUpQueries = 20;

    /// <summary>kb's store directory inside a size directory, keyed by the store schema so a schema change rebuilds only kb's store.</summary>
    public static readonly string KbDirectory = $"kb-s{SqliteDatabase.SchemaVersion}";

    public static string SizeDirectory(BenchOptions o, int passages) => Path.Combine(o.CacheDirectory,
        string.Create(CultureInfo.InvariantCulture, $"n{passages}-seed{o.Seed}-c{o.PassageChars}-p{o.PassagesPerDocument}-g{SyntheticCorpus.GeneratorVersion}"));

    public static async Task<JsonObject> RunAsync(BenchOptions o)
    {
        var passages = o.Passages[0];
        var dir = SizeDirectory(o, passages);
        Directory.CreateDirectory(dir);
        return o.Worker switch
        {
            "build-kb" => await BuildKbAsync(o, passages, Path.Combine(dir, KbDirectory), Path.Combine(dir, KbDirectory + ".done.json")),
            "build-lucene" => BuildLucene(o, passages, Path.Combine(dir, "lucene"), Path.Combine(dir, "lucene.done.json")),
            "query-kb" => await QueryKbAsync(o, Path.Combine(dir, KbDirectory)),
            "query-lucene" => QueryLucene(o, Path.Combine(dir, "lucene")),
            "query-both" => await QueryInterleavedAsync(o, Path.Combine(dir, KbDirectory), Path.Combine(dir, "lucene")),
            "startup" => await StartupProfile.RunAsync(Path.Combine(dir, KbDirectory)),
            "cli-startup" => await CliStartup.MeasureAsync(o, Path.Combine(dir, KbDirectory)),
            _ => throw new ArgumentException($"unknown worker {o.Worker}"),
        };
    }

    private static SyntheticCorpus Generator(BenchOptions o) =>
        new(CorpusText.Load(o.Corpus).Sentences(), o.Seed, o.PassageChars, o.PassagesPerDocument);

    private static Action<int> Progress(string what, int total)
    {
        var clock = Stopwatch.StartNew();
        var next = Math.Max(total / 20, 1000);
        var reported = 0;
        return done =>
        {
            if (done < Volatile.Read(ref reported) + next && done < total) return;
            Volatile.Write(ref reported, done);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: {done:N0}/{total:N0} passages, {clock.Elapsed.TotalSeconds:F0} s, {done / clock.Elapsed.TotalSeconds:F0}/s"));
        };
    }

    private static async Task<JsonObject> BuildKbAsync(BenchOptions o, int passages, string dataDir, string marker)
    {
        if (!o.Rebuild && File.Exists(marker)) return Cached(marker);
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        var generator = Generator(o);
        await using var services = KbEngine.Services(dataDir);
        var store = services.GetRequiredService<IKnowledgeStore>();
        services.GetRequiredService<TextAnalyzer>().Words("预热");
        var clock = Stopwatch.StartNew();
        var written = await KbEngine.BuildAsync(store, generator.Documents(passages), o.WriteBatch, Progress("kb build", passages));
        KbEngine.Checkpoint(services.GetRequiredService<SqliteDatabase>());
        return BuildResult(written, clock.Elapsed.TotalSeconds, dataDir, marker, writeBatch: o.WriteBatch);
    }

    private static JsonObject BuildLucene(BenchOptions o, int passages, string indexDir, string marker)
    {
        if (!o.Rebuild && File.Exists(marker)) return Cached(marker);
        if (Directory.Exists(indexDir)) Directory.Delete(indexDir, recursive: true);
        var generator = Generator(o);
        var clock = Stopwatch.StartNew();
        var written = LuceneEngine.Build(indexDir, generator.Documents(passages), Progress("lucene build", passages));
        return BuildResult(written, clock.Elapsed.TotalSeconds, indexDir, marker);
    }

    /// <summary>The figures of a fresh build, also written to the cache marker so a rerun reports them.</summary>
    private static JsonObject BuildResult(int written, double seconds, string indexDir, string marker, int? writeBatch = null)
    {
        var result = new JsonObject
        {
            ["passages"] = written,
            ["buildSeconds"] = Math.Round(seconds, 1),
            ["buildPassagesPerSec"] = Math.Round(written / seconds, 0),
            ["buildPeakWorkingSetMb"] = Machine.PeakWorkingSetMb(),
            ["loadAverage"] = Machine.LoadAverage(),
            ["indexMb"] = Machine.Mb(Machine.DirectoryBytes(indexDir)),
        };
        if (writeBatch is not null) result["writeBatch"] = writeBatch;
        File.WriteAllText(marker, result.ToJsonString());
        result["cached"] = false;
        return result;
    }

    private static JsonObject Cached(string marker)
    {
        var result = JsonNode.Parse(File.ReadAllText(marker))!.AsObject();
        result["cached"] = true;
        return result;
    }

    private static IReadOnlyList<string> Queries(BenchOptions o) => File.ReadAllLines(o.QueriesFile).Where(l => l.Length > 0).ToList();

    private static async Task<JsonObject> QueryKbAsync(BenchOptions o, string dataDir)
    {
        var queries = Queries(o);
        var clock = Stopwatch.StartNew();
        await using var services = KbEngine.Services(dataDir);
        var search = services.GetRequiredService<SearchService>();
        // What the API does once it listens (SearchWarmup): jieba and the translation lexicons loaded before any query.
        await services.WarmUpSearchInTurnAsync();
        await KbEngine.SearchAsync(search, "预热", AccessScope.Everything);
        var openMs = clock.Elapsed.TotalMilliseconds;

        foreach (var q in queries.Take(WarmUpQueries)) await KbEngine.SearchAsync(search, q, AccessScope.Everything);
        var timings = new List<double>(queries.Count);
        var hits = 0;
        foreach (var q in queries)
        {
            clock.Restart();
            var response = await KbEngine.SearchAsync(search, q, AccessScope.Everything);
            timings.Add(clock.Elapsed.TotalMilliseconds);
            hits += response.Results.Count;
        }
        var latency = Latency.Of(timings);
        var qps = await ThroughputAsync(queries, q => KbEngine.SearchAsync(search, q, AccessScope.Everything));

        var publicTimings = new List<double>(queries.Count);
        foreach (var q in queries)
        {
            clock.Restart();
            await KbEngine.SearchAsync(search, q, AccessScope.PublicOnly);
            publicTimings.Add(clock.Elapsed.TotalMilliseconds);
        }

        var profile = new KbQueryProfile(services.GetRequiredService<QueryAnalyzer>(), services.GetRequiredService<IKnowledgeStore>(),
            services.GetRequiredService<SqliteDatabase>(), 100);
        foreach (var q in queries) await profile.RunAsync(q);

        return new JsonObject
        {
            ["queries"] = queries.Count,
            ["openMs"] = Math.Round(openMs, 1),
            ["latency"] = JsonSerializer.SerializeToNode(latency),
            ["publicScopeLatency"] = JsonSerializer.SerializeToNode(Latency.Of(publicTimings)),
            ["queriesPerSec"] = Math.Round(qps, 1),
            ["meanHits"] = Math.Round(hits / (double)queries.Count, 2),
            ["profile"] = new JsonObject
            {
                ["analyze"] = JsonSerializer.SerializeToNode(Latency.Of(profile.Analyze)),
                ["wordsSignal"] = JsonSerializer.SerializeToNode(Latency.Of(profile.Words)),
                ["bigramsSignal"] = JsonSerializer.SerializeToNode(Latency.Of(profile.Bigrams)),
                ["expansionsSignal"] = JsonSerializer.SerializeToNode(Latency.Of(profile.Expansions)),
                ["allLexicalSignals"] = JsonSerializer.SerializeToNode(Latency.Of(profile.AllLexical)),
                ["publicScopeSignals"] = JsonSerializer.SerializeToNode(Latency.Of(profile.PublicScope)),
                ["wordPostings"] = JsonSerializer.SerializeToNode(Latency.Of(profile.WordPostings)),
                ["bigramPostings"] = JsonSerializer.SerializeToNode(Latency.Of(profile.BigramPostings)),
            },
            ["peakWorkingSetMb"] = Machine.PeakWorkingSetMb(),
            ["loadAverage"] = Machine.LoadAverage(),
            ["indexMb"] = Machine.Mb(Machine.DirectoryBytes(dataDir)),
        };
    }

    private static JsonObject QueryLucene(BenchOptions o, string indexDir)
    {
        var queries = Queries(o);
        var clock = Stopwatch.StartNew();
        using var searcher = new LuceneSearcher(indexDir);
        searcher.Search("预热");
        var openMs = clock.Elapsed.TotalMilliseconds;
        foreach (var q in queries.Take(WarmUpQueries)) searcher.Search(q);
        var timings = new List<double>(queries.Count);
        var hits = 0;
        foreach (var q in queries)
        {
            clock.Restart();
            hits += searcher.Search(q);
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }
        var qps = ThroughputAsync(queries, q => Task.FromResult(searcher.Search(q))).GetAwaiter().GetResult();
        return new JsonObject
        {
            ["queries"] = queries.Count,
            ["openMs"] = Math.Round(openMs, 1),
            ["latency"] = JsonSerializer.SerializeToNode(Latency.Of(timings)),
            ["queriesPerSec"] = Math.Round(qps, 1),
            ["meanHits"] = Math.Round(hits / (double)queries.Count, 2),
            ["peakWorkingSetMb"] = Machine.PeakWorkingSetMb(),
            ["loadAverage"] = Machine.LoadAverage(),
            ["indexMb"] = Machine.Mb(Machine.DirectoryBytes(indexDir)),
        };
    }

    /// <summary>
    /// Both engines in one process, query by query (which engine goes first alternates), so both see the same load
    /// on a shared machine: the latency comparison the performance targets are stated in. Each engine's memory is measured in its own process.
    /// </summary>
    private static async Task<JsonObject> QueryInterleavedAsync(BenchOptions o, string dataDir, string indexDir)
    {
        var queries = Queries(o);
        await using var services = KbEngine.Services(dataDir);
        var search = services.GetRequiredService<SearchService>();
        await services.WarmUpSearchInTurnAsync();
        using var lucene = new LuceneSearcher(indexDir);
        foreach (var q in queries.Take(WarmUpQueries)) { await KbEngine.SearchAsync(search, q, AccessScope.Everything); lucene.Search(q); }
        var kb = new List<double>(queries.Count);
        var peer = new List<double>(queries.Count);
        var kbCpu = new List<double>(queries.Count);
        var peerCpu = new List<double>(queries.Count);
        var clock = new Stopwatch();
        for (var i = 0; i < queries.Count; i++)
        {
            for (var turn = 0; turn < 2; turn++)
            {
                var kbTurn = (turn == 0) == (i % 2 == 0);
                var cpu = ThreadCpuClock.CurrentThread;
                clock.Restart();
                // kb's store answers synchronously, so the whole search stays on this thread and its CPU clock.
                if (kbTurn) KbEngine.SearchAsync(search, queries[i], AccessScope.Everything).GetAwaiter().GetResult();
                else lucene.Search(queries[i]);
                (kbTurn ? kb : peer).Add(clock.Elapsed.TotalMilliseconds);
                (kbTurn ? kbCpu : peerCpu).Add((ThreadCpuClock.CurrentThread - cpu).TotalMilliseconds);
            }
        }
        return new JsonObject
        {
            ["queries"] = queries.Count,
            ["kb"] = JsonSerializer.SerializeToNode(Latency.Of(kb)),
            ["lucene"] = JsonSerializer.SerializeToNode(Latency.Of(peer)),
            ["kbSlowerOnQueries"] = kb.Zip(peer).Count(p => p.First > p.Second),
            ["kbCpu"] = ThreadCpuClock.Available ? JsonSerializer.SerializeToNode(Latency.Of(kbCpu)) : null,
            ["luceneCpu"] = ThreadCpuClock.Available ? JsonSerializer.SerializeToNode(Latency.Of(peerCpu)) : null,
            ["loadAverage"] = Machine.LoadAverage(),
        };
    }

    /// <summary>Queries per second with one worker per core, each taking the next query of the set (every query once).</summary>
    private static async Task<double> ThroughputAsync<T>(IReadOnlyList<string> queries, Func<string, Task<T>> run)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < queries.Count) await run(queries[i]);
        }));
        await Task.WhenAll(workers);
        return queries.Count / clock.Elapsed.TotalSeconds;
    }
}
