using System.CommandLine;
using System.Diagnostics;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Qdrant;
using KnowledgeBase.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Cli.Commands;

/// <summary>
/// <c>kb migrate --data DIR --to qdrant --qdrant-url URL [--collection NAME]</c>: copies every document, page and passage
/// of the embedded store into a Qdrant collection without parsing the original files again. Settings not given as options
/// come from <c>KnowledgeBase:Qdrant</c> (appsettings.json or <c>KB_KnowledgeBase__Qdrant__ApiKey</c>-style variables).
/// </summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var to = new Option<string>("--to") { Description = "Target store. Only 'qdrant' is supported.", Required = true, HelpName = "STORE" };
        to.AcceptOnlyFromAmong("qdrant");
        var url = new Option<string?>("--qdrant-url") { Description = "Qdrant gRPC endpoint, e.g. http://localhost:6334 (default: KnowledgeBase:Qdrant:Url).", HelpName = "URL" };
        var collection = new Option<string?>("--collection") { Description = "Target collection (default: KnowledgeBase:Qdrant:Collection).", HelpName = "NAME" };
        var json = CommonOptions.Json("the summary");
        var verbose = CommonOptions.Verbose();
        var command = new Command("migrate", "Copy the embedded store into Qdrant (documents, pages, passages; no re-parsing). Safe to re-run.")
        {
            data, to, url, collection, json, verbose,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dataDirectory = result.GetValue(data)!;
            if (!CliHost.RequireKnowledgeBase(dataDirectory)) return ExitCodes.Error;
            await using var services = CliHost.Build(dataDirectory, verbose: result.GetValue(verbose));
            var options = new QdrantOptions();
            services.GetRequiredService<IConfiguration>().GetSection(QdrantOptions.Section).Bind(options);
            if (result.GetValue(url) is { Length: > 0 } u) options.Url = u;
            if (result.GetValue(collection) is { Length: > 0 } c) options.Collection = c;

            using var channel = QdrantConnection.OpenChannel(options);
            using var client = QdrantConnection.CreateClient(channel, options);
            // No ledger: the sources of these documents are already recorded in the embedded ledger.
            var target = new QdrantKnowledgeStore(client, services.GetRequiredService<TextAnalyzer>(), Options.Create(options));
            try
            {
                await target.EnsureCollectionAsync(cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"kb migrate: {e.Message}");
                return ExitCodes.Error;
            }

            var export = new SqliteStoreExport(services.GetRequiredService<SqliteDatabase>());
            var total = export.DocumentIds().Count;
            var clock = Stopwatch.StartNew();
            var done = 0;
            var report = await export.CopyToAsync(target, s =>
            {
                done++;
                if (!result.GetValue(json)) Console.Error.Write($"\r{done}/{total} documents");
            }, cancellationToken);
            if (!result.GetValue(json) && total > 0) Console.Error.WriteLine();

            foreach (var (id, reason) in report.Failures) Console.Error.WriteLine($"kb migrate: {id}: {reason}");
            var seconds = clock.Elapsed.TotalSeconds;
            if (result.GetValue(json))
            {
                JsonOutput.Write(new
                {
                    collection = options.Collection, url = options.Url, documents = report.Documents, passages = report.Passages,
                    pages = report.Pages, failed = report.Failures.Select(f => new { documentId = f.DocumentId, reason = f.Reason }), seconds,
                });
            }
            else
            {
                Console.WriteLine($"Copied {report.Documents} documents ({report.Passages} passages, {report.Pages} pages) into Qdrant collection '{options.Collection}' at {options.Url} in {seconds:F1} s"
                    + (report.Failures.Count > 0 ? $"; {report.Failures.Count} failed" : "") + ".");
            }
            return report.Failures.Count == 0 ? ExitCodes.Ok : report.Documents == 0 ? ExitCodes.Error : ExitCodes.PartialFailure;
        });
        return command;
    }
}
