using System.Text;
using System.Text.RegularExpressions;
using KnowledgeBase.Hosting;
using KnowledgeBase.Ingestion.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KnowledgeBase.Tests.Worker;

/// <summary>Shared pieces of the worker tests: parser checks, generated Chinese files, running a real worker host.</summary>
internal static partial class WorkerTestSupport
{
    /// <summary>Skips the test visibly when the ingest assembly has no parser for a format the test needs.</summary>
    public static void RequireParsers(params FileFormat[] formats)
    {
        using var services = TestServices.Create(TestServices.TempDirectory());
        var present = services.GetServices<IDocumentParser>().Select(p => p.Format).ToHashSet();
        var missing = formats.Where(f => !present.Contains(f)).ToList();
        if (missing.Count > 0) Assert.Skip($"no parser registered for {string.Join(", ", missing)} (the test needs a KnowledgeBase.Ingestion build that registers a parser for each of them)");
    }

    /// <summary>Sentences of the 2025 Government Work Report (public domain) from the shared corpus; skips when it is absent.</summary>
    public static IReadOnlyList<string> ReportSentences()
    {
        var corpus = TestServices.SharedCorpus();
        if (corpus is null) Assert.Skip("shared corpus (../shared/corpus) not found");
        var text = File.ReadAllText(Path.Combine(corpus, "gov-work-report-2025.txt"), Encoding.UTF8);
        return SentenceEnd().Split(text).Select(s => s.Trim()).Where(s => s.Length >= 12).Select(s => s + "。").Distinct().ToList();
    }

    /// <summary>
    /// Writes <paramref name="count"/> unique .txt/.md files of 4–12 real sentences each (a numbered first line makes every
    /// file's bytes unique). Deterministic for a seed. File times are set in the past so the watch folder sees them as settled.
    /// </summary>
    public static List<string> WriteChineseFiles(string folder, int count, int seed, IReadOnlyList<string> sentences)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var files = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder($"第{i + 1}号材料（批次{seed}）\n");
            var n = random.Next(4, 13);
            for (var k = 0; k < n; k++) text.Append(sentences[random.Next(sentences.Count)]);
            var path = Path.Combine(folder, $"材料{i:D4}{(i % 2 == 0 ? ".txt" : ".md")}");
            File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
            files.Add(Path.GetFullPath(path));
        }
        return files;
    }

    /// <summary>Runs an in-process worker host over <paramref name="data"/> until its queue is drained.</summary>
    public static async Task RunOnceAsync(string data, IReadOnlyList<string> watch, bool removeDeleted = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["KnowledgeBase:Worker:WatchStableFor"] = "00:00:00.300",
            ["KnowledgeBase:Worker:PollInterval"] = "00:00:00.100",
            // The stand-alone host's 900 MiB ceiling measures the whole process; in-process here that is the test run,
            // whose OCR and browser tests alone can pass it, and the worker then abandoned plain text files at random.
            // The test of the ceiling sets its own.
            ["KnowledgeBase:Worker:MemoryLimitMiB"] = "0",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        using var host = IngestWorkerHost.Build(new WorkerCommandLine(data, watch, Once: true, RemoveDeletedFiles: removeDeleted, Verbose: false, Settings: all));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await host.RunAsync(timeout.Token);
        Assert.False(timeout.IsCancellationRequested, "the worker did not drain its queue within 2 minutes");
    }

    [GeneratedRegex("[。！？]")]
    private static partial Regex SentenceEnd();
}
