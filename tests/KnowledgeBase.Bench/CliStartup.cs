using System.Diagnostics;
using System.Text.Json.Nodes;

namespace KnowledgeBase.Bench;

/// <summary>
/// Wall time of whole <c>kb search</c> processes (runtime start, command line, services, jieba's dictionary, the
/// search, printing, exit) on a cached store: what a user waits for at the prompt. One unmeasured run first, so the
/// files are in the OS cache as they are for someone who searches twice; then <see cref="Runs"/> runs per query,
/// alternating the queries. The <c>kb</c> measured is the one <c>--kb</c> names, else the Release build of the
/// checkout (<c>dotnet build -c Release src/KnowledgeBase.Cli</c>). Runs in a fresh worker process: started from the
/// bench's main process, after parsing and ingest had grown its heap, the same runs took 50–150 ms longer.
/// </summary>
internal static class CliStartup
{
    private const int Runs = 7;
    private static readonly string[] Queries = ["乡村振兴 促进", "rural revitalization"];

    public static async Task<JsonObject> MeasureAsync(BenchOptions o, string storeDirectory)
    {
        var kb = o.KbPath ?? FindReleaseBuild();
        if (kb is null || !File.Exists(kb))
            return new JsonObject { ["skipped"] = "no kb found; dotnet build -c Release src/KnowledgeBase.Cli, or pass --kb PATH" };
        foreach (var query in Queries) await RunAsync(kb, storeDirectory, query);
        var times = Queries.ToDictionary(q => q, _ => new List<double>());
        for (var i = 0; i < Runs; i++)
            foreach (var query in Queries) times[query].Add(await RunAsync(kb, storeDirectory, query));
        var result = new JsonObject { ["kb"] = kb, ["runs"] = Runs };
        foreach (var (query, list) in times)
        {
            var sorted = list.Order().ToList();
            result[query] = new JsonObject { ["medianMs"] = Math.Round(sorted[sorted.Count / 2], 1), ["minMs"] = Math.Round(sorted[0], 1), ["maxMs"] = Math.Round(sorted[^1], 1) };
        }
        result["medianMs"] = result[Queries[0]]!["medianMs"]!.DeepClone();
        return result;
    }

    /// <summary>One line for the report.</summary>
    public static string Describe(JsonNode result) => result["skipped"] is { } why
        ? $"  kb search start-up: skipped ({why})"
        : $"  kb search start-up, whole process, {Runs} runs each (median / min / max ms): "
          + string.Join(" · ", Queries.Select(q => $"\"{q}\" {result[q]!["medianMs"]} / {result[q]!["minMs"]} / {result[q]!["maxMs"]}"));

    private static async Task<double> RunAsync(string kb, string storeDirectory, string query)
    {
        var start = new ProcessStartInfo(kb) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "search", "--data", storeDirectory }.Concat(query.Split(' '))) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{kb} search failed (exit {process.ExitCode}): {await stderr}");
        if (!(await stdout).Contains("passages in", StringComparison.Ordinal)) throw new InvalidOperationException($"{kb} search found nothing for '{query}': {await stdout}");
        return elapsed;
    }

    /// <summary>src/KnowledgeBase.Cli/bin/Release/net10.0/kb above the bench's folder or the working directory.</summary>
    private static string? FindReleaseBuild()
    {
        foreach (var from in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "src", "KnowledgeBase.Cli", "bin", "Release", "net10.0", "kb");
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
