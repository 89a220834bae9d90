using System.CommandLine;
using System.Diagnostics;
using KnowledgeBase.Ingestion.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace KnowledgeBase.Cli.Commands;

/// <summary><c>kb ingest --data DIR PATH...</c>: files or folders (recursive) into the store.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data(creates: true);
        var json = CommonOptions.Json("the summary");
        var verbose = CommonOptions.Verbose();
        var embedder = CommonOptions.Embedder();
        var parallel = new Option<int>("--parallel") { HelpName = "N", Description = "Files parsed at once (default: number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var paths = new Argument<string[]>("PATH") { Description = "Files or folders to ingest; folders are read recursively.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("ingest", """
            Parse files (PDF, OFD, Word .docx/.doc, WPS, RTF, OpenDocument text, Excel, PowerPoint, HTML, TXT, Markdown), cut them into cited passages and index them.
            Unchanged files are skipped (content hash); changed files replace their old passages.
            Exit code: 0 all ingested or unchanged, 3 some files failed (each reported with a reason), 1 usage or internal error.
            """) { data, parallel, embedder, json, verbose, paths };
        command.SetAction(async (result, cancellationToken) =>
        {
            var files = ExpandPaths(result.GetValue(paths)!, out var missing);
            foreach (var m in missing) Console.Error.WriteLine($"kb ingest: no such file or folder: {m}");
            if (missing.Count > 0 && files.Count == 0) return ExitCodes.Error;

            await using var services = CliHost.Build(result.GetValue(data)!, CommonOptions.EmbedderOverride(result.GetValue(embedder)), result.GetValue(verbose));
            if (!await EmbeddingSteps.CheckModelAsync(services, "ingest", cancellationToken)) return ExitCodes.Error;
            var pipeline = services.GetRequiredService<IngestPipeline>();
            var clock = Stopwatch.StartNew();
            var outcomes = await RunWithProgressAsync(files, pipeline, Math.Max(1, result.GetValue(parallel)), cancellationToken);
            await EmbeddingSteps.SaveGraphAsync(services, cancellationToken);
            clock.Stop();

            var summary = IngestSummary.From(outcomes, clock.Elapsed);
            if (result.GetValue(json)) JsonOutput.Write(summary);
            else summary.Print();
            return summary.Failed > 0 || missing.Count > 0 ? ExitCodes.PartialFailure : ExitCodes.Ok;
        });
        return command;
    }

    private static List<string> ExpandPaths(IEnumerable<string> paths, out List<string> missing)
    {
        missing = [];
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add(Path.GetFullPath(path));
            else if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden })
                    .Select(Path.GetFullPath).Order(StringComparer.Ordinal));
            else missing.Add(path);
        }
        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<IngestOutcome>> RunWithProgressAsync(List<string> files, IngestPipeline pipeline, int parallelism, CancellationToken cancellationToken)
    {
        var outcomes = new IngestOutcome[files.Count];
        var progress = new IngestProgress(files.Count);
        async Task Work(Action onFileDone)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, files.Count),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    outcomes[i] = await pipeline.IngestFileAsync(files[i], cancellationToken: ct);
                    progress.Add(outcomes[i]);
                    onFileDone();
                });
        }

        if (!Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("ingesting", maxValue: files.Count);
                    await Work(() =>
                    {
                        task.Increment(1);
                        task.Description = progress.Describe();
                    });
                });
        }
        else
        {
            // Not a terminal (CI, pipes): a progress line at most every two seconds.
            var last = Stopwatch.StartNew();
            await Work(() =>
            {
                if (last.Elapsed < TimeSpan.FromSeconds(2) && progress.Done < files.Count) return;
                lock (last) { Console.Error.WriteLine($"[{progress.Done}/{files.Count}] {progress.Describe()}"); last.Restart(); }
            });
        }
        return outcomes.ToList();
    }
}

/// <summary>Running totals shown while ingesting.</summary>
internal sealed class IngestProgress(int total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _done, _pages, _passages, _failed;

    public int Done => _done;

    public void Add(IngestOutcome outcome)
    {
        Interlocked.Increment(ref _done);
        Interlocked.Add(ref _pages, outcome.Status is IngestStatus.Ingested or IngestStatus.Updated ? outcome.Pages : 0);
        Interlocked.Add(ref _passages, outcome.Status is IngestStatus.Ingested or IngestStatus.Updated ? outcome.Passages : 0);
        if (outcome.Status == IngestStatus.Failed) Interlocked.Increment(ref _failed);
    }

    public string Describe()
    {
        var seconds = Math.Max(0.001, _clock.Elapsed.TotalSeconds);
        return $"files {_done}/{total} · pages {_pages} · passages {_passages} · failed {_failed} · {_pages / seconds:F1} pages/s";
    }
}
