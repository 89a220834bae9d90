using System.CommandLine;
using KnowledgeBase.Jobs;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Cli.Commands;

/// <summary><c>kb status --data DIR [--json]</c>: the ingest queue by state and the latest failures with their reasons.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var json = CommonOptions.Json("the queue summary");
        var failures = new Option<int>("--failures") { Description = "How many recent failures to list (default 10).", DefaultValueFactory = _ => 10 };
        var command = new Command("status", "Summarise the ingest queue (queued, running, done, failed) and list the latest failures with reasons.") { data, json, failures };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var services = CliHost.Build(result.GetValue(data)!);
            var queue = services.GetRequiredService<IIngestQueue>();
            var summary = await queue.SummarizeAsync(Math.Max(0, result.GetValue(failures)), cancellationToken);
            var stats = await services.GetRequiredService<IKnowledgeStore>().GetStatisticsAsync(cancellationToken);
            if (result.GetValue(json))
            {
                JsonOutput.Write(new
                {
                    queue = new { queued = summary.Queued, retrying = summary.Retrying, running = summary.Running, done = summary.Done, failed = summary.Failed },
                    store = new { documents = stats.Documents, passages = stats.Passages },
                    recentFailures = summary.RecentFailures.Select(f => new { job = f.Id, source = f.Request.Source, attempts = f.Attempts, reason = f.Error, at = f.UpdatedAt }),
                });
                return ExitCodes.Ok;
            }
            Console.WriteLine($"queue: {summary.Queued} queued ({summary.Retrying} waiting to retry), {summary.Running} running, {summary.Done} done, {summary.Failed} failed");
            Console.WriteLine($"store: {stats.Documents} documents, {stats.Passages} passages");
            if (summary.RecentFailures.Count > 0)
            {
                Console.WriteLine("latest failures:");
                foreach (var f in summary.RecentFailures)
                    Console.WriteLine($"  {f.UpdatedAt:yyyy-MM-dd HH:mm:ss}Z  {f.Request.Source}\n      {f.Error} (job {f.Id}, {f.Attempts} attempt{(f.Attempts == 1 ? "" : "s")})");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
