using System.CommandLine;
using System.Diagnostics;

namespace KnowledgeBase.Cli.Commands;

/// <summary>
/// <c>kb bench [--passages N] [--json] [bench options…]</c>: runs the benchmark project
/// (tests/KnowledgeBase.Bench) in Release as a child process with the same arguments. The benchmark lives outside
/// the product because it measures peers (Lucene.Net, pdftotext) that must stay out of the kb assembly.
/// </summary>
internal static class BenchCommand
{
    private const string ProjectPath = "tests/KnowledgeBase.Bench/KnowledgeBase.Bench.csproj";

    public static Command Create()
    {
        var passages = new Option<string>("--passages", "-n") { Description = "Corpus sizes for the query benchmark, e.g. 10k,100k,1m (default 10k).", HelpName = "N[,N…]" };
        var json = CommonOptions.Json("one summary line at the end");
        var rest = new Argument<string[]>("BENCH-OPTIONS")
        {
            Description = "Further options passed to the benchmark (--seed, --only-query, --skip-lucene, --cache DIR, --rebuild; see 'kb bench -- --help').",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("bench", """
            Measure parsing, segmentation, ingest and query speed beside pdftotext and Lucene.Net on this machine.
            Runs 'dotnet run --project tests/KnowledgeBase.Bench -c Release -- ARGS' from the source checkout.
            """) { passages, json, rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            var project = FindProject();
            if (project is null)
            {
                Console.Error.WriteLine($"kb bench: {ProjectPath} not found above the current directory or kb's folder; run it from the source checkout.");
                return ExitCodes.Error;
            }
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
            foreach (var a in new[] { "run", "--project", project, "-c", "Release", "--" }) start.ArgumentList.Add(a);
            if (result.GetValue(passages) is { Length: > 0 } n) { start.ArgumentList.Add("--passages"); start.ArgumentList.Add(n); }
            if (result.GetValue(json)) start.ArgumentList.Add("--json");
            // The bench times 'kb search' start-up: of this kb, not of whatever build it would find.
            if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "kb") { start.ArgumentList.Add("--kb"); start.ArgumentList.Add(self); }
            foreach (var a in result.GetValue(rest) ?? []) start.ArgumentList.Add(a);
            foreach (var a in result.UnmatchedTokens) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            return process.ExitCode;
        });
        return command;
    }

    /// <summary>The benchmark project above the working directory or above kb's own folder (a build inside the checkout).</summary>
    private static string? FindProject()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ProjectPath);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
