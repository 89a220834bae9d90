using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Text;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Bench;

/// <summary>One benchmark run: every figure printed comes from this run on this machine; peers are measured beside kb.</summary>
internal static class BenchRun
{
    public static async Task<int> RunAsync(BenchOptions o, TextWriter output)
    {
        var started = Stopwatch.StartNew();
        var workDir = Path.Combine(o.CacheDirectory, "run-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(workDir);
        var report = new JsonObject
        {
            ["machine"] = Machine.Describe(),
            ["seed"] = o.Seed,
            ["passageChars"] = o.PassageChars,
            ["loadAverageAtStart"] = Machine.LoadAverage(),
        };
        output.WriteLine($"kb bench — {report["machine"]}");
        output.WriteLine($"corpus {o.Corpus}; cache {o.CacheDirectory}; seed {o.Seed}; load average {report["loadAverageAtStart"]} (1/5/15 min: above {Environment.ProcessorCount} means other work shares the cores and absolute figures are inflated)");
        try
        {
            if (o.OnlyOcr)
            {
                await OcrSectionAsync(o, workDir, report, output);
                report["totalSeconds"] = Math.Round(started.Elapsed.TotalSeconds, 1);
                output.WriteLine($"\nload average at the end: {Machine.LoadAverage()}; total {report["totalSeconds"]} s");
                if (o.Json) output.WriteLine(new JsonObject { ["ocr"] = report["ocr"]?.DeepClone() }.ToJsonString());
                return 0;
            }
            var corpus = CorpusText.Load(o.Corpus);
            var sentences = corpus.Sentences();
            await using var services = KbEngine.Services(Path.Combine(workDir, "analysis"));
            var analyzer = services.GetRequiredService<TextAnalyzer>();

            var queries = QuerySet.Build(sentences, analyzer, o.DevQueriesFile, o.PhraseQueries, o.DevQueries, o.Seed);
            var queriesFile = Path.Combine(o.CacheDirectory, $"queries-seed{o.Seed}-q{o.PhraseQueries}-d{o.DevQueries}.txt");
            await File.WriteAllLinesAsync(queriesFile, queries);
            o = o with { QueriesFile = queriesFile };
            output.WriteLine($"{sentences.Count:N0} corpus sentences; {queries.Count} queries ({queriesFile})");

            if (!o.SkipSegmentation)
            {
                var seg = ParseAndIngestBench.Segmentation(corpus, analyzer);
                report["segmentation"] = seg;
                output.WriteLine($"\n## Segmentation ({seg["megabytes"]} MB of corpus text in {seg["chunks"]} passage-sized chunks, one thread)");
                output.WriteLine($"  jieba words {seg["wordsMBPerSec"]} MB/s · bigrams {seg["bigramsMBPerSec"]} MB/s · words+bigrams+join {seg["analysisMBPerSec"]} MB/s ({seg["analysisParallelMBPerSec"]} MB/s on {Environment.ProcessorCount} threads) · Lucene SmartCn {seg["smartCnMBPerSec"]} MB/s");
            }

            if (!o.SkipParse)
            {
                var pdfs = ParseAndIngestBench.Pdfs(o.Corpus);
                var product = services.GetServices<IDocumentParser>().FirstOrDefault(p => p.Format == FileFormat.Pdf);
                var parser = product ?? FallbackParsers.For([FileFormat.Pdf]).Single();
                var label = product is null ? "bench fallback (PdfPig ContentOrderTextExtractor): the product registers no PDF parser yet" : "product " + product.GetType().Name;
                var parse = ParseAndIngestBench.Parsing(pdfs, parser, label);
                report["parsing"] = parse;
                output.WriteLine($"\n## PDF parsing ({parse["pdfs"]} PDFs, {parse["pages"]} pages by pdfinfo; second of two passes, one thread)");
                output.WriteLine($"  pdftotext {parse["pdftotextPagesPerSec"]} pages/s · ours {parse["ourPagesPerSec"]} pages/s [{label}]");
                if (parse["ourFailures"] is JsonArray failed) foreach (var f in failed) output.WriteLine($"  ours failed: {f}");
            }

            if (!o.SkipIngest)
            {
                var ingest = await ParseAndIngestBench.IngestAsync(o.Corpus, workDir);
                report["ingest"] = ingest;
                output.WriteLine("\n## End-to-end ingest into the embedded store (fresh store; PDFs, then .txt/.md; second of two passes)");
                foreach (var mode in new[] { "parallel", "sequential" })
                {
                    var m = ingest[mode]!;
                    output.WriteLine($"  {mode,-10} ({m["parallelism"]} at once): PDFs {m["pdfPages"]} pages / {m["pdfPassages"]} passages in {m["pdfSeconds"]} s = {m["pdfPagesPerSec"]} pages/s (first pass {m["firstPassPdfPagesPerSec"]}), {m["pdfPassagesPerSec"]} passages/s; text {m["textPassagesPerSec"]} passages/s; overall {m["passagesPerSec"]} passages/s; failed {m["pdfFailed"]}+{m["textFailed"]}");
                }
                if (ingest["fallbackParsers"] is { } fb) output.WriteLine($"  NOTE: {fb}");
                if (ingest["lucene"] is { } li) output.WriteLine($"  peer pdftotext + Lucene SmartCn: {li["pages"]} pages in {li["seconds"]} s = {li["pagesPerSec"]} pages/s");
            }

            if (!o.SkipOcr) await OcrSectionAsync(o, workDir, report, output);

            var sizes = new JsonArray();
            if (!o.SkipQuery)
            {
                foreach (var n in o.Passages)
                {
                    output.WriteLine($"\n## {n:N0} passages (synthetic, seed {o.Seed}; stores cached in {SizeWorkers.SizeDirectory(o, n)})");
                    var size = new JsonObject { ["passages"] = n };
                    size["kbBuild"] = await ChildAsync(o, "build-kb", n);
                    output.WriteLine($"  kb build: {Describe(size["kbBuild"]!)}");
                    if (!o.SkipLucene)
                    {
                        size["luceneBuild"] = await ChildAsync(o, "build-lucene", n);
                        output.WriteLine($"  Lucene build: {Describe(size["luceneBuild"]!)}");
                    }
                    size["kbQuery"] = await ChildAsync(o, "query-kb", n);
                    output.WriteLine($"  kb query: {Latencies(size["kbQuery"]!)}");
                    output.WriteLine($"    public-only scope: {Latency(size["kbQuery"]!["publicScopeLatency"]!)}");
                    var p = size["kbQuery"]!["profile"]!;
                    output.WriteLine($"    profile (p50/p95 ms): analyse {Pair(p["analyze"]!)} · words signal {Pair(p["wordsSignal"]!)} · expansions signal {Pair(p["expansionsSignal"]!)} · bigrams signal {Pair(p["bigramsSignal"]!)} · all lexical signals {Pair(p["allLexicalSignals"]!)} · same, public scope {Pair(p["publicScopeSignals"]!)}");
                    output.WriteLine($"    postings decoded per query (p50/p95): words {Pair(p["wordPostings"]!)} · bigrams {Pair(p["bigramPostings"]!)}");
                    if (n == o.Passages[0])
                    {
                        var startup = await ChildAsync(o, "startup", n);
                        report["startup"] = startup;
                        output.WriteLine($"  phases of a search process, one after another (ms): {string.Join(" · ", startup.AsObject().Select(p => $"{p.Key.Replace("Ms", "")} {p.Value}"))}");
                        var cli = await ChildAsync(o, "cli-startup", n);
                        report["cliSearch"] = cli;
                        output.WriteLine(CliStartup.Describe(cli));
                    }
                    if (!o.SkipLucene)
                    {
                        size["luceneQuery"] = await ChildAsync(o, "query-lucene", n);
                        output.WriteLine($"  Lucene query: {Latencies(size["luceneQuery"]!)}");
                    }
                    if (!o.SkipLucene)
                    {
                        size["interleaved"] = await ChildAsync(o, "query-both", n);
                        var both = size["interleaved"]!;
                        output.WriteLine($"  interleaved, same process, query by query: kb {Latency(both["kb"]!)} · Lucene {Latency(both["lucene"]!)}; kb slower on {both["kbSlowerOnQueries"]}/{both["queries"]} queries; load {both["loadAverage"]}");
                        if (both["kbCpu"] is { } kc) output.WriteLine($"    thread CPU time per query (what an idle core would take): kb {Latency(kc)} · Lucene {Latency(both["luceneCpu"]!)}");
                    }
                    sizes.Add(size);
                }
            }
            report["sizes"] = sizes;
            report["totalSeconds"] = Math.Round(started.Elapsed.TotalSeconds, 1);
            report["loadAverageAtEnd"] = Machine.LoadAverage();
            output.WriteLine($"\nload average at the end: {report["loadAverageAtEnd"]}; total {report["totalSeconds"]} s");
            PrintTable(output, report);
            if (o.Json) output.WriteLine(Summary(report).ToJsonString());
            return 0;
        }
        finally
        {
            try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task OcrSectionAsync(BenchOptions o, string workDir, JsonObject report, TextWriter output)
    {
        output.WriteLine($"\n## OCR of synthetic scans (born-digital pdf-zh pages rendered as grey JPEG; CER over Han, digits and Latin; kb and Tesseract page by page in turn)");
        if (await OcrBench.RunAsync(o, workDir, output) is { } ocr)
        {
            report["ocr"] = ocr;
            OcrBench.Print(ocr, output);
        }
    }

    private static string Describe(JsonNode b) =>
        $"{b["passages"]:N0} passages in {b["buildSeconds"]} s ({b["buildPassagesPerSec"]}/s), peak {b["buildPeakWorkingSetMb"]} MiB, index {b["indexMb"]} MiB, load {b["loadAverage"]}{((bool?)b["cached"] == true ? " [cached: figures of the run that built it]" : "")}";

    private static string Latencies(JsonNode q) =>
        $"{Latency(q["latency"]!)}; {q["queriesPerSec"]} queries/s on {Environment.ProcessorCount} threads; open {q["openMs"]} ms; peak {q["peakWorkingSetMb"]} MiB; mean hits {q["meanHits"]}; load {q["loadAverage"]}";

    private static string Latency(JsonNode l) => $"p50 {l["P50Ms"]} ms, p95 {l["P95Ms"]} ms, p99 {l["P99Ms"]} ms (mean {l["MeanMs"]}, max {l["MaxMs"]})";

    private static string Pair(JsonNode l) => $"{l["P50Ms"]}/{l["P95Ms"]}";

    private static async Task<JsonNode> ChildAsync(BenchOptions o, string step, int passages)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in o.WorkerArgs(step, passages)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string? result = null;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(SizeWorkers.ResultPrefix, StringComparison.Ordinal)) result = line[SizeWorkers.ResultPrefix.Length..];
            else Console.Error.WriteLine(line);
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || result is null) throw new InvalidOperationException($"bench step {step} at {passages} passages failed (exit {process.ExitCode})");
        return JsonNode.Parse(result)!;
    }

    private static void PrintTable(TextWriter output, JsonObject report)
    {
        var sizes = report["sizes"]!.AsArray();
        if (sizes.Count == 0) return;
        output.WriteLine("\n## Query latency by corpus size (top 10, same queries, kb and Lucene interleaved query by query in one process; q/s with one client per core in separate processes; memory = peak working set of each engine's own process)");
        output.WriteLine("| passages | kb p50 ms | kb p95 ms | kb p99 ms | kb q/s | Lucene p50 ms | Lucene p95 ms | Lucene p99 ms | Lucene q/s | kb CPU p50/p95 ms | Lucene CPU p50/p95 ms | kb peak MiB (query/build) | Lucene peak MiB (query/build) | kb index MiB | Lucene index MiB |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in sizes)
        {
            var k = s!["kbQuery"]!; var kl = s["interleaved"]?["kb"] ?? k["latency"]!;
            var l = s["luceneQuery"]; var ll = s["interleaved"]?["lucene"] ?? l?["latency"];
            output.WriteLine($"| {s["passages"]:N0} | {kl["P50Ms"]} | {kl["P95Ms"]} | {kl["P99Ms"]} | {k["queriesPerSec"]} | {ll?["P50Ms"]} | {ll?["P95Ms"]} | {ll?["P99Ms"]} | {l?["queriesPerSec"]} | {s["interleaved"]?["kbCpu"]?["P50Ms"]}/{s["interleaved"]?["kbCpu"]?["P95Ms"]} | {s["interleaved"]?["luceneCpu"]?["P50Ms"]}/{s["interleaved"]?["luceneCpu"]?["P95Ms"]} | {k["peakWorkingSetMb"]}/{s["kbBuild"]!["buildPeakWorkingSetMb"]} | {l?["peakWorkingSetMb"]}/{s["luceneBuild"]?["buildPeakWorkingSetMb"]} | {s["kbBuild"]!["indexMb"]} | {s["luceneBuild"]?["indexMb"]} |");
        }
    }

    private static JsonNode? KbLatency(JsonNode? size) => size?["interleaved"]?["kb"] ?? size?["kbQuery"]?["latency"];

    private static JsonNode? LuceneLatency(JsonNode? size) => size?["interleaved"]?["lucene"] ?? size?["luceneQuery"]?["latency"];

    /// <summary>The one-line summary: the headline figures (docs/performance.md) for the largest size, plus every size.</summary>
    private static JsonObject Summary(JsonObject report)
    {
        var sizes = report["sizes"]!.AsArray();
        var largest = sizes.Count > 0 ? sizes[^1] : null;
        var ingest = report["ingest"]?["parallel"];
        var summary = new JsonObject
        {
            ["passages"] = largest?["passages"]?.DeepClone(),
            ["ingestPagesPerSec"] = ingest?["pdfPagesPerSec"]?.DeepClone(),
            ["ingestPassagesPerSec"] = ingest?["passagesPerSec"]?.DeepClone(),
            ["ingestParser"] = report["ingest"]?["fallbackParsers"] is null ? "product" : "bench fallback",
            ["pdftotextPagesPerSec"] = report["parsing"]?["pdftotextPagesPerSec"]?.DeepClone(),
            ["ourParsePagesPerSec"] = report["parsing"]?["ourPagesPerSec"]?.DeepClone(),
            ["lucenePagesPerSec"] = report["ingest"]?["lucene"]?["pagesPerSec"]?.DeepClone(),
            ["segmentationMBPerSec"] = report["segmentation"]?["analysisMBPerSec"]?.DeepClone(),
            ["queryP50Ms"] = KbLatency(largest)?["P50Ms"]?.DeepClone(),
            ["queryP95Ms"] = KbLatency(largest)?["P95Ms"]?.DeepClone(),
            ["queryP99Ms"] = KbLatency(largest)?["P99Ms"]?.DeepClone(),
            ["queriesPerSec"] = largest?["kbQuery"]?["queriesPerSec"]?.DeepClone(),
            ["luceneQueryP50Ms"] = LuceneLatency(largest)?["P50Ms"]?.DeepClone(),
            ["luceneQueryP95Ms"] = LuceneLatency(largest)?["P95Ms"]?.DeepClone(),
            ["queryCpuP95Ms"] = largest?["interleaved"]?["kbCpu"]?["P95Ms"]?.DeepClone(),
            ["luceneQueryCpuP95Ms"] = largest?["interleaved"]?["luceneCpu"]?["P95Ms"]?.DeepClone(),
            ["peakWorkingSetMb"] = largest is null ? null : Math.Max((double?)largest["kbQuery"]?["peakWorkingSetMb"] ?? 0, (double?)largest["kbBuild"]?["buildPeakWorkingSetMb"] ?? 0),
            ["indexMb"] = largest?["kbBuild"]?["indexMb"]?.DeepClone(),
            ["luceneIndexMb"] = largest?["luceneBuild"]?["indexMb"]?.DeepClone(),
            ["ocrCerPercent"] = report["ocr"]?["kb"]?["cerPercent"]?.DeepClone(),
            ["ocrCpuSecondsPerPage"] = report["ocr"]?["kb"]?["cpuSecondsPerPage"]?.DeepClone(),
            ["ocrPeakMb"] = report["ocr"]?["kb"]?["peakMb"]?.DeepClone(),
            ["tesseractCerPercent"] = report["ocr"]?["tesseract"]?["cerPercent"]?.DeepClone(),
            ["tesseractCpuSecondsPerPage"] = report["ocr"]?["tesseract"]?["cpuSecondsPerPage"]?.DeepClone(),
            ["machine"] = report["machine"]?.DeepClone(),
            ["loadAverageAtStart"] = report["loadAverageAtStart"]?.DeepClone(),
            ["loadAverageAtEnd"] = report["loadAverageAtEnd"]?.DeepClone(),
            ["sizes"] = new JsonArray(sizes.Select(s => (JsonNode)new JsonObject
            {
                ["passages"] = s!["passages"]?.DeepClone(),
                ["queryP50Ms"] = KbLatency(s)?["P50Ms"]?.DeepClone(),
                ["queryP95Ms"] = KbLatency(s)?["P95Ms"]?.DeepClone(),
                ["queryP99Ms"] = KbLatency(s)?["P99Ms"]?.DeepClone(),
                ["luceneQueryP50Ms"] = LuceneLatency(s)?["P50Ms"]?.DeepClone(),
                ["luceneQueryP95Ms"] = LuceneLatency(s)?["P95Ms"]?.DeepClone(),
                ["luceneQueryP99Ms"] = LuceneLatency(s)?["P99Ms"]?.DeepClone(),
                ["queryCpuP50Ms"] = s["interleaved"]?["kbCpu"]?["P50Ms"]?.DeepClone(),
                ["queryCpuP95Ms"] = s["interleaved"]?["kbCpu"]?["P95Ms"]?.DeepClone(),
                ["luceneQueryCpuP50Ms"] = s["interleaved"]?["luceneCpu"]?["P50Ms"]?.DeepClone(),
                ["luceneQueryCpuP95Ms"] = s["interleaved"]?["luceneCpu"]?["P95Ms"]?.DeepClone(),
                ["kbAloneP95Ms"] = s["kbQuery"]?["latency"]?["P95Ms"]?.DeepClone(),
                ["luceneAloneP95Ms"] = s["luceneQuery"]?["latency"]?["P95Ms"]?.DeepClone(),
                ["queriesPerSec"] = s["kbQuery"]?["queriesPerSec"]?.DeepClone(),
                ["luceneQueriesPerSec"] = s["luceneQuery"]?["queriesPerSec"]?.DeepClone(),
                ["loadAverage"] = s["interleaved"]?["loadAverage"]?.DeepClone(),
                ["queryPeakWorkingSetMb"] = s["kbQuery"]?["peakWorkingSetMb"]?.DeepClone(),
                ["buildPeakWorkingSetMb"] = s["kbBuild"]?["buildPeakWorkingSetMb"]?.DeepClone(),
                ["luceneQueryPeakWorkingSetMb"] = s["luceneQuery"]?["peakWorkingSetMb"]?.DeepClone(),
                ["luceneBuildPeakWorkingSetMb"] = s["luceneBuild"]?["buildPeakWorkingSetMb"]?.DeepClone(),
                ["indexMb"] = s["kbBuild"]?["indexMb"]?.DeepClone(),
                ["luceneIndexMb"] = s["luceneBuild"]?["indexMb"]?.DeepClone(),
                ["kbBuildSeconds"] = s["kbBuild"]?["buildSeconds"]?.DeepClone(),
                ["luceneBuildSeconds"] = s["luceneBuild"]?["buildSeconds"]?.DeepClone(),
            }).ToArray()),
            ["startupMs"] = report["startup"]?["totalFromProcessStartMs"]?.DeepClone(),
            ["cliSearchStartupMs"] = report["cliSearch"]?["medianMs"]?.DeepClone(),
            ["jiebaDictionaryMs"] = report["startup"]?["jiebaDictionaryMs"]?.DeepClone(),
            ["totalSeconds"] = report["totalSeconds"]?.DeepClone(),
        };
        return summary;
    }
}
