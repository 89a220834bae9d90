using System.CommandLine;
using KnowledgeBase.Cli.Output;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Cli.Commands;

/// <summary>
/// <c>kb failures --data DIR [--json]</c>: every file that failed to ingest and has not been ingested since, with its
/// reason — whether it came through <c>kb ingest</c>, a watch folder or an upload.
/// </summary>
internal static class FailuresCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var json = CommonOptions.Json("the failed files");
        var command = new Command("failures", """
            List every file that failed to ingest, with the reason (encrypted, corrupt, scanned without a text layer,
            unsupported format, too large …). A file leaves the list once it is ingested successfully.
            """) { data, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CliHost.RequireKnowledgeBase(result.GetValue(data)!)) return ExitCodes.Error;
            await using var services = CliHost.Build(result.GetValue(data)!);
            var failures = (await services.GetRequiredService<IIngestLedger>().GetFailuresAsync(int.MaxValue, cancellationToken))
                .OrderBy(f => f.Source, StringComparer.Ordinal).ToList();
            if (result.GetValue(json))
            {
                JsonOutput.Write(failures.Select(f => new { source = f.Source, kind = f.Kind, reason = f.Reason, at = f.At }));
                return ExitCodes.Ok;
            }
            if (failures.Count == 0)
            {
                Console.WriteLine("no failed files");
                return ExitCodes.Ok;
            }
            Table(failures).WriteTo(Console.Out);
            Console.WriteLine($"{failures.Count} failed file{(failures.Count == 1 ? "" : "s")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static PlainTable Table(IEnumerable<IngestFailureRecord> failures)
    {
        var table = new PlainTable("FAILED FILE", "REASON", "WHEN (UTC)");
        foreach (var f in failures) table.Add(f.Source, f.Reason, $"{f.At.UtcDateTime:yyyy-MM-dd HH:mm}");
        return table;
    }
}
