using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeBase.Evaluation.Beir;
using KnowledgeBase.Evaluation.Metadata;
using KnowledgeBase.Evaluation.Metrics;
using KnowledgeBase.Evaluation.Reporting;
using KnowledgeBase.Evaluation.Runs;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Cli.Commands;

/// <summary>
/// <c>kb eval --beir DIR [--json] [--top 100]</c>: index a BEIR folder into a temporary store, run its judged queries
/// through the real search and print nDCG@10, Recall@10/100, MRR@10 and latency, next to the Lucene SmartCn BM25
/// baseline (tests/KnowledgeBase.Baselines, run as a child process so Lucene stays out of the product).
/// <c>kb eval --data DIR --queries FILE --qrels FILE</c> evaluates an existing store with qrels naming source file names.
/// <c>kb eval --data DIR --metadata FILE</c> scores the stored titles, years, organisations and types against a truth table.
/// </summary>
internal static class EvalCommand
{
    private const string OursName = "kb (ours)";
    private const string LuceneName = "Lucene SmartCn BM25";

    public static Command Create()
    {
        var beir = new Option<string?>("--beir") { Description = "BEIR folder: corpus.jsonl, queries.jsonl, qrels/test.tsv.", HelpName = "DIR" };
        var data = new Option<string?>("--data") { Description = "Evaluate an existing store instead (needs --queries and --qrels).", HelpName = "DIR" };
        var queries = new Option<string?>("--queries") { Description = "With --data: queries.jsonl (_id, text).", HelpName = "FILE" };
        var qrels = new Option<string?>("--qrels") { Description = "With --data: TSV query-id, source file name, score (header line).", HelpName = "FILE" };
        var json = CommonOptions.Json("the metrics (the last line is one JSON object)");
        var top = new Option<int>("--top") { HelpName = "K", Description = "Documents ranked per query (Recall@100 needs 100).", DefaultValueFactory = _ => 100 };
        var passages = new Option<int?>("--passages") { HelpName = "N", Description = "Passages asked per query to fill the document ranking (default 3 × --top, at least 300)." };
        var baseline = new Option<string>("--baseline") { Description = "Baseline run beside ours: lucene or none.", DefaultValueFactory = _ => "lucene" };
        baseline.AcceptOnlyFromAmong("lucene", "none");
        var noBaseline = new Option<bool>("--no-baseline") { Description = "Skip the baseline (same as --baseline none)." };
        var set = new Option<string[]>("--set")
        {
            Description = "Configuration override KEY=VALUE, repeatable (e.g. KnowledgeBase:Retrieval:Weights:Bigrams=0), for ablations.",
            HelpName = "KEY=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        var keepIndex = new Option<string?>("--index")
        {
            Description = "With --beir: keep the corpus index in this folder and reuse it on the next run (query-time settings only; delete the folder after changing analysis or ingest settings).",
            HelpName = "DIR",
        };
        var metadata = new Option<string?>("--metadata")
        {
            Description = "With --data: score the documents' title, year, organisation and type against this truth table (TSV: path, title, year, organisation, type; see tools/metadata/).",
            HelpName = "FILE",
        };
        var perQuery = new Option<string?>("--per-query") { Description = "Write each query's ranking and scores as JSON lines to this file.", HelpName = "FILE" };
        var verbose = CommonOptions.Verbose();
        var embedder = CommonOptions.Embedder();
        var command = new Command("eval", """
            Measure retrieval quality: nDCG@10, Recall@10, Recall@100, MRR@10 (trec_eval definitions, graded relevance)
            and per-query latency p50/p95, for our search and, with --beir, the Lucene SmartCn BM25 baseline in one table.
            With --data DIR --metadata FILE: the share of documents whose title, year, organisation and type are right.
            """) { beir, data, queries, qrels, metadata, json, top, passages, baseline, noBaseline, set, keepIndex, perQuery, embedder, verbose };
        command.SetAction(async (result, cancellationToken) =>
        {
            var overrides = ParseOverrides(result.GetValue(set) ?? []);
            if (overrides is null) return ExitCodes.Error;
            foreach (var (key, value) in CommonOptions.EmbedderOverride(result.GetValue(embedder))) overrides[key] = value;
            var documents = Math.Max(1, result.GetValue(top));
            var settings = new EvaluationSettings(documents, result.GetValue(passages) ?? Math.Max(300, 3 * documents));
            // The search caps page size at MaxTop; the evaluation needs deeper lists. A --set can still override it.
            overrides.TryAdd("KnowledgeBase:Retrieval:MaxTop", settings.Passages.ToString(CultureInfo.InvariantCulture));

            var beirDir = result.GetValue(beir);
            var dataDir = result.GetValue(data);
            var asJson = result.GetValue(json);
            if (result.GetValue(metadata) is { } truthFile)
            {
                if (dataDir is null)
                {
                    Console.Error.WriteLine("kb eval: --metadata needs --data DIR (ingest the sample folder first).");
                    return ExitCodes.Error;
                }
                if (!CliHost.RequireKnowledgeBase(dataDir)) return ExitCodes.Error;
                return await RunMetadataAsync(dataDir, truthFile, asJson, result.GetValue(verbose), cancellationToken);
            }
            if ((beirDir is null) == (dataDir is null))
            {
                Console.Error.WriteLine("kb eval: give either --beir DIR or --data DIR --queries FILE --qrels FILE.");
                return ExitCodes.Error;
            }

            EvalResult ours;
            IReadOnlyList<QueryOutcome> outcomes;
            Qrels judgements;
            if (beirDir is not null)
            {
                var dataset = BeirDataset.Load(beirDir);
                judgements = dataset.Qrels;
                (ours, outcomes) = await RunBeirAsync(dataset, settings, overrides, result.GetValue(keepIndex), result.GetValue(verbose), cancellationToken);
            }
            else
            {
                var queriesFile = result.GetValue(queries);
                var qrelsFile = result.GetValue(qrels);
                if (queriesFile is null || qrelsFile is null)
                {
                    Console.Error.WriteLine("kb eval: --data needs --queries FILE and --qrels FILE.");
                    return ExitCodes.Error;
                }
                if (!CliHost.RequireKnowledgeBase(dataDir!)) return ExitCodes.Error;
                judgements = Qrels.Read(qrelsFile);
                (ours, outcomes) = await RunStoreAsync(dataDir!, BeirDataset.ReadQueries(queriesFile), judgements, settings, overrides, result.GetValue(verbose), cancellationToken);
            }

            var perQueryFile = result.GetValue(perQuery);
            if (perQueryFile is not null) WritePerQuery(perQueryFile, outcomes, judgements);

            EvalResult? lucene = null;
            var wantBaseline = beirDir is not null && !result.GetValue(noBaseline) && result.GetValue(baseline) == "lucene";
            if (wantBaseline) lucene = await RunLuceneAsync(beirDir!, documents, cancellationToken);

            Report(ours, lucene, asJson);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Dictionary<string, string?>? ParseOverrides(string[] pairs)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                Console.Error.WriteLine($"kb eval: --set expects KEY=VALUE, got '{pair}'.");
                return null;
            }
            overrides[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
        }
        return overrides;
    }

    /// <param name="keptIndex">A folder that keeps the index between runs: indexed when it holds no passages, reused otherwise.</param>
    private static async Task<(EvalResult, IReadOnlyList<QueryOutcome>)> RunBeirAsync(BeirDataset dataset, EvaluationSettings settings,
        Dictionary<string, string?> overrides, string? keptIndex, bool verbose, CancellationToken cancellationToken)
    {
        var temp = keptIndex ?? Path.Combine(Path.GetTempPath(), "kb-eval-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var services = CliHost.Build(temp, overrides, verbose);
            var evaluator = Evaluator(services);

            var stored = await services.GetRequiredService<IKnowledgeStore>().GetStatisticsAsync(cancellationToken);
            if (keptIndex is null || stored.Passages == 0)
            {
                var indexing = new ProgressLine("indexing", dataset.Corpus.Count);
                await evaluator.IndexAsync(dataset.Corpus, indexing.Report, cancellationToken);
                indexing.Finish();
            }
            else Console.Error.WriteLine($"reusing the index in {keptIndex} ({stored.Documents} documents)");
            if (!await EmbeddingSteps.CheckModelAsync(services, "eval", cancellationToken)) throw new InvalidOperationException("embedding model mismatch");
            await EmbeddingSteps.BackfillAsync(services, cancellationToken);

            var judged = dataset.JudgedQueries;
            var querying = new ProgressLine("querying", judged.Count);
            var run = await evaluator.RunAsync(OursName, judged, dataset.Qrels, hit => hit.DocumentId, settings, querying.Report, cancellationToken);
            querying.Finish();
            return run;
        }
        finally
        {
            // The services (and with them the store's pooled connections) are disposed by now.
            if (keptIndex is null)
            {
                try { Directory.Delete(temp, recursive: true); }
                catch (IOException) { }
            }
        }
    }

    private static async Task<(EvalResult, IReadOnlyList<QueryOutcome>)> RunStoreAsync(string dataDir, IReadOnlyList<EvalQuery> queries, Qrels qrels,
        EvaluationSettings settings, Dictionary<string, string?> overrides, bool verbose, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(dataDir)) throw new DirectoryNotFoundException($"no store in {dataDir} (run kb ingest --data {dataDir} first)");
        await using var services = CliHost.Build(dataDir, overrides, verbose);
        if ((await services.GetRequiredService<IKnowledgeStore>().GetStatisticsAsync(cancellationToken)).Documents == 0)
            throw new InvalidOperationException($"the store at {dataDir} holds no documents (run kb ingest --data {dataDir} first)");
        var judged = queries.Where(q => qrels.HasRelevant(q.Id)).ToList();
        var querying = new ProgressLine("querying", judged.Count);
        // qrels name documents by source file name: a hit counts as the file its document came from.
        var run = await Evaluator(services).RunAsync(OursName, judged, qrels, hit => Path.GetFileName(hit.Source), settings, querying.Report, cancellationToken);
        querying.Finish();
        return run;
    }

    private static async Task<int> RunMetadataAsync(string dataDir, string truthFile, bool asJson, bool verbose, CancellationToken cancellationToken)
    {
        var truth = MetadataTruth.Read(truthFile);
        await using var services = CliHost.Build(dataDir);
        // The CLI host registers the store, not the API's catalog: list through the embedded catalog unless one is registered.
        var catalog = services.GetService<IDocumentCatalog>() ?? ActivatorUtilities.CreateInstance<KnowledgeBase.Storage.Embedded.Catalog.SqliteDocumentCatalog>(services);
        var documents = new List<DocumentRecord>();
        const int PageSize = 500;
        while (true)
        {
            var page = await catalog.ListAsync(new DocumentListRequest(new SearchFilter(AccessScope.Everything), documents.Count, PageSize), cancellationToken);
            documents.AddRange(page.Documents);
            if (page.Documents.Count == 0 || documents.Count >= page.Total) break;
        }
        var report = MetadataScorer.Score(truth, documents);
        Console.Out.Write(report.FormatTable());
        if (verbose)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine("misses (path, field, expected, stored):");
            foreach (var miss in report.Misses) Console.Out.WriteLine($"{miss.Path}\t{miss.Field}\t{miss.Expected}\t{miss.Actual}");
        }
        if (asJson)
        {
            var line = new JsonObject { ["documents"] = report.Documents, ["found"] = report.Found };
            foreach (var f in report.Fields) line[f.Field] = new JsonObject { ["right"] = f.Right, ["scored"] = f.Scored, ["share"] = Math.Round(f.Share, 4) };
            Console.Out.WriteLine(line.ToJsonString());
        }
        return ExitCodes.Ok;
    }

    private static KnowledgeBaseEvaluator Evaluator(IServiceProvider services) => new(
        services.GetRequiredService<IKnowledgeStore>(), services.GetRequiredService<PassageChunker>(), services.GetRequiredService<SearchService>());

    private static void Report(EvalResult ours, EvalResult? lucene, bool asJson)
    {
        Console.Out.Write(ResultTable.Format(lucene is null ? [ours] : [ours, lucene]));
        if (lucene is not null && lucene.Ndcg10 > 0)
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nDCG@10 ours / Lucene: {ours.Ndcg10 / lucene.Ndcg10:F3}"));
        if (!asJson) return;
        var line = ours.ToJson();
        if (lucene is not null) line["baseline"] = lucene.ToJson();
        Console.Out.WriteLine(EvalResult.ToLine(line));
    }

    private static void WritePerQuery(string path, IReadOnlyList<QueryOutcome> outcomes, Qrels qrels)
    {
        using var writer = new StreamWriter(path);
        foreach (var o in outcomes)
        {
            var judged = qrels.For(o.QueryId);
            var line = new JsonObject
            {
                ["id"] = o.QueryId,
                ["query"] = o.Query,
                ["ndcg@10"] = Math.Round(RankingMetrics.NdcgAt(o.Ranking, judged, 10), 4),
                ["recall@100"] = Math.Round(RankingMetrics.RecallAt(o.Ranking, judged, 100), 4),
                ["ms"] = Math.Round(o.LatencyMs, 2),
                ["relevant"] = new JsonArray(judged.Where(j => j.Value > 0).Select(j => (JsonNode)JsonValue.Create(j.Key)!).ToArray()),
                ["top10"] = new JsonArray(o.Ranking.Take(10).Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
            };
            writer.WriteLine(EvalResult.ToLine(line));
        }
    }

    /// <summary>Runs tests/KnowledgeBase.Baselines on the same folder as a child process and reads its --json line; null when unavailable.</summary>
    private static async Task<EvalResult?> RunLuceneAsync(string beirDir, int top, CancellationToken cancellationToken)
    {
        var start = BaselineLocator.Find();
        if (start is null)
        {
            Console.Error.WriteLine("baseline not found (build tests/KnowledgeBase.Baselines)");
            return null;
        }
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in start) info.ArgumentList.Add(a);
        foreach (var a in new[] { "--beir", Path.GetFullPath(beirDir), "--top", top.ToString(CultureInfo.InvariantCulture), "--json" }) info.ArgumentList.Add(a);
        Console.Error.WriteLine($"baseline: dotnet {string.Join(' ', info.ArgumentList)}");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        // The child's progress goes straight to our stderr; its stdout is read for the JSON line.
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var parsed = process.ExitCode == 0 ? EvalResult.FromLastJsonLine(LuceneName, output) : null;
        if (parsed is null) Console.Error.WriteLine($"baseline failed (exit code {process.ExitCode}); showing our row only");
        return parsed;
    }
}

/// <summary>Finds the Lucene baseline program next to the repository the kb assembly was built from.</summary>
internal static class BaselineLocator
{
    private const string ProjectDir = "tests/KnowledgeBase.Baselines";
    private const string Assembly = "KnowledgeBase.Baselines.dll";

    /// <summary>The arguments for <c>dotnet</c> that start the baseline: the built dll if there is one, else <c>run --project</c>; null when absent.</summary>
    public static string[]? Find()
    {
        var here = AppContext.BaseDirectory;
        var configuration = here.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, ProjectDir);
            if (!File.Exists(Path.Combine(project, "KnowledgeBase.Baselines.csproj"))) continue;
            // Same configuration as kb first, then whichever other build is newest.
            var built = new[] { configuration, configuration == "Release" ? "Debug" : "Release" }
                .Select(c => Path.Combine(project, "bin", c, "net10.0", Assembly))
                .FirstOrDefault(File.Exists);
            if (built is not null) return [built];
            return ["run", "--project", project, "-c", configuration, "--"];
        }
        return null;
    }
}

/// <summary>A progress line on stderr at most every two seconds (and at the end), so stdout stays clean for results.</summary>
internal sealed class ProgressLine(string what, int total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private int _done, _written = -1;

    public void Report(int done)
    {
        lock (_gate)
        {
            _done = Math.Max(_done, done);
            if (_sinceLast.Elapsed < TimeSpan.FromSeconds(2)) return;
            Write();
            _sinceLast.Restart();
        }
    }

    public void Finish()
    {
        lock (_gate)
        {
            if (_written != _done) Write();
        }
    }

    private void Write()
    {
        _written = _done;
        WriteLine();
    }

    private void WriteLine() => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what} {_done}/{total} ({_done / Math.Max(0.001, _clock.Elapsed.TotalSeconds):F0}/s, {_clock.Elapsed.TotalSeconds:F1} s)"));
}
