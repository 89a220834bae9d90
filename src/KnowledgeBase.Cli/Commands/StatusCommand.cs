using System.CommandLine;
using KnowledgeBase.Cli.Output;
using KnowledgeBase.Jobs;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Cli.Commands;

/// <summary>
/// <c>kb status --data DIR [--json]</c>: the store, the files that failed to ingest (the same count as <c>kb stats</c>,
/// the latest listed) and the ingest queue by state.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var json = CommonOptions.Json("the summary");
        var failures = new Option<int>("--failures") { HelpName = "N", Description = "How many of the latest failed files to list (default 10; kb failures lists every one).", DefaultValueFactory = _ => 10 };
        var command = new Command("status", """
            Summarise the knowledge base: documents and passages, files that failed to ingest (the latest listed with
            their reasons), and the ingest queue of uploads and watch folders (queued, running, done, failed jobs).
            """) { data, json, failures };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliHost.RequireKnowledgeBase(result.GetValue(data)!)) return ExitCodes.Error;
            await using var services = CliHost.Build(result.GetValue(data)!);
            var queue = services.GetRequiredService<IIngestQueue>();
            var summary = await queue.SummarizeAsync(0, cancellationToken);
            var stats = await services.GetRequiredService<IKnowledgeStore>().GetStatisticsAsync(cancellationToken);
            var ledger = services.GetRequiredService<IIngestLedger>();
            var failedFiles = await ledger.CountFailuresAsync(cancellationToken);
            var latest = await ledger.GetFailuresAsync(Math.Max(0, result.GetValue(failures)), cancellationToken);
            if (result.GetValue(json))
            {
                JsonOutput.Write(new
                {
                    store = new { documents = stats.Documents, passages = stats.Passages, failedFiles },
                    queue = new { queued = summary.Queued, retrying = summary.Retrying, running = summary.Running, done = summary.Done, failed = summary.Failed },
                    latestFailedFiles = latest.Select(f => new { source = f.Source, kind = f.Kind, reason = f.Reason, at = f.At }),
                });
                return ExitCodes.Ok;
            }
            Console.WriteLine($"store: {stats.Documents} documents, {stats.Passages} passages, {failedFiles} failed file{(failedFiles == 1 ? "" : "s")}");
            Console.WriteLine($"queue: {summary.Queued} jobs queued ({summary.Retrying} waiting to retry), {summary.Running} running, {summary.Done} done, {summary.Failed} failed");
            if (latest.Count > 0)
            {
                Console.WriteLine();
                FailuresCommand.Table(latest).WriteTo(Console.Out);
                if (failedFiles > latest.Count)
                    Console.WriteLine($"… and {failedFiles - latest.Count} more: kb failures --data {result.GetValue(data)} lists every one.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
