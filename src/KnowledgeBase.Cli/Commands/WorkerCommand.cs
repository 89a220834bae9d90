using System.CommandLine;
using KnowledgeBase.Hosting;
using KnowledgeBase.Hosting.Configuration;
using Microsoft.Extensions.Hosting;

namespace KnowledgeBase.Cli.Commands;

/// <summary><c>kb worker --data DIR [--watch DIR]... [--once]</c>: the durable ingest worker in the foreground.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data(creates: true);
        var watch = new Option<string[]>("--watch") { Description = "Inbox folder to ingest and keep in step (repeatable).", HelpName = "DIR", AllowMultipleArgumentsPerToken = false };
        var once = new Option<bool>("--once") { Description = "Process what is queued (and what the watch folders hold), then exit." };
        var concurrency = new Option<int?>("--concurrency") { HelpName = "N", Description = "Files processed at once (default 1)." };
        var removeDeleted = new Option<bool>("--remove-deleted") { Description = "Remove documents whose file was deleted from a watch folder." };
        var quiet = new Option<bool>("--quiet") { Description = "Log warnings and errors only." };
        var health = new Option<bool>("--health") { Description = "Do not run a worker: exit 0 if a worker on this machine is working (fresh heartbeat, no job stuck), else 1." };
        var command = new Command("worker", """
            Run the ingest worker: take jobs from the durable queue in the data directory (uploads, watch folders) and
            ingest them. Several workers may share one data directory; a killed worker's jobs are taken over when their
            lease expires. Logs are lines on stderr, each job's lines carrying its job (JSON with
            KB_Logging__Console__FormatterName=json). Ctrl+C hands jobs in flight back.
            """) { data, watch, once, concurrency, removeDeleted, quiet, health };
        command.SetAction(async (result, cancellationToken) =>
        {
            var folders = result.GetValue(watch) ?? [];
            var missing = folders.FirstOrDefault(f => !Directory.Exists(f));
            if (missing is not null)
            {
                Console.Error.WriteLine($"kb worker: watch folder not found: {missing}");
                return ExitCodes.Error;
            }
            var commandLine = new WorkerCommandLine(result.GetValue(data)!, folders, result.GetValue(once),
                result.GetValue(concurrency), result.GetValue(removeDeleted), Verbose: !result.GetValue(quiet));
            if (result.GetValue(health)) return await IngestWorkerHost.CheckHealthAsync(commandLine, Console.Out, cancellationToken);
            using var host = IngestWorkerHost.Build(commandLine);
            host.Services.ValidateSettingsNow();
            await host.RunAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
