using System.CommandLine;
using System.Diagnostics;
using KnowledgeBase.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Cli.Commands;

/// <summary><c>kb compact --data DIR</c>: purge dead postings and rewrite the embedded store in key order.</summary>
internal static class CompactCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var command = new Command("compact", """
            Rewrite the embedded store for fast reading after a large ingest: purge the postings of deleted passages and lay
            every table out in key order (SQLite VACUUM), so a search with a cold file cache reads each postings list in a
            few sequential reads. Results do not change. Stop the worker and the API's uploads first; needs free disk of
            about twice the store's size while it runs (about a minute per million passages).
            """) { data };
        command.SetAction(result =>
        {
            if (!CliHost.RequireKnowledgeBase(result.GetValue(data)!)) return ExitCodes.Error;
            using var services = CliHost.Build(result.GetValue(data)!);
            var database = services.GetRequiredService<SqliteDatabase>();
            var file = new FileInfo(Path.Combine(database.DataDirectory, SqliteDatabase.FileName));
            var before = file.Exists ? file.Length : 0;
            var clock = Stopwatch.StartNew();
            Console.Error.WriteLine($"compacting {file.FullName} ({before / 1048576.0:N0} MiB)…");
            var purged = services.GetRequiredService<SqliteKnowledgeStore>().Compact();
            file.Refresh();
            Console.WriteLine($"compacted in {clock.Elapsed.TotalSeconds:F1} s: {before / 1048576.0:N0} → {file.Length / 1048576.0:N0} MiB, {purged:N0} postings of deleted passages purged");
            return ExitCodes.Ok;
        });
        return command;
    }
}
