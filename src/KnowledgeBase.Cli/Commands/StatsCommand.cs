using System.CommandLine;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Cli.Commands;

/// <summary><c>kb stats --data DIR [--json]</c>: documents, passages and failed files.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var json = CommonOptions.Json("the counts");
        var command = new Command("stats", "Count documents, passages and files that failed to ingest.") { data, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliHost.RequireKnowledgeBase(result.GetValue(data)!)) return ExitCodes.Error;
            await using var services = CliHost.Build(result.GetValue(data)!);
            var stats = await services.GetRequiredService<IKnowledgeStore>().GetStatisticsAsync(cancellationToken);
            var failed = await services.GetRequiredService<IIngestLedger>().CountFailuresAsync(cancellationToken);
            if (result.GetValue(json)) JsonOutput.Write(new { documents = stats.Documents, passages = stats.Passages, failed });
            else Console.WriteLine($"{stats.Documents} documents, {stats.Passages} passages, {failed} failed file{(failed == 1 ? "" : "s")}{(failed > 0 ? " (kb failures lists them)" : "")}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
