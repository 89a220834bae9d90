using System.CommandLine;
using System.Diagnostics;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Postgres;
using KnowledgeBase.Storage.Qdrant;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Cli.Commands;

/// <summary>
/// <c>kb migrate --data DIR --to qdrant --qdrant-url URL [--collection NAME]</c>: copies every document, page and passage
/// of the embedded store into a Qdrant collection without parsing the original files again. Settings not given as options
/// come from <c>KnowledgeBase:Qdrant</c> (appsettings.json or <c>KB_KnowledgeBase__Qdrant__ApiKey</c>-style variables).
/// <c>kb migrate --data DIR --to postgres --postgres CONNECTION</c>: copies the shared state of the data directory (ingest
/// ledger, API keys, jobs, kept originals) into PostgreSQL.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var to = new Option<string>("--to")
        {
            Description = "qdrant: copy the passages into Qdrant. postgres: copy the shared state (ledger, API keys, jobs, originals) into PostgreSQL.",
            Required = true,
            HelpName = "TARGET",
        };
        to.AcceptOnlyFromAmong("qdrant", "postgres");
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Npgsql connection string of the target database (default: KnowledgeBase:Postgres:ConnectionString).",
            HelpName = "CONNECTION",
        };
        var url = new Option<string?>("--qdrant-url") { Description = "Qdrant gRPC endpoint, e.g. http://localhost:6334 (default: KnowledgeBase:Qdrant:Url).", HelpName = "URL" };
        var collection = new Option<string?>("--collection") { Description = "Target collection (default: KnowledgeBase:Qdrant:Collection).", HelpName = "NAME" };
        var json = CommonOptions.Json("the summary");
        var verbose = CommonOptions.Verbose();
        var command = new Command("migrate", "Copy the embedded store into Qdrant (documents, pages, passages; no re-parsing), or its shared state into PostgreSQL. Safe to re-run.")
        {
            data, to, url, collection, postgres, json, verbose,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dataDirectory = result.GetValue(data)!;
            if (!CliHost.RequireKnowledgeBase(dataDirectory)) return ExitCodes.Error;
            if (result.GetValue(to) == "postgres")
                return await ToPostgresAsync(dataDirectory, result.GetValue(postgres), result.GetValue(json), result.GetValue(verbose), cancellationToken);
            await using var services = CliHost.Build(dataDirectory, verbose: result.GetValue(verbose));
            var options = new QdrantOptions();
            services.GetRequiredService<IConfiguration>().GetSection(QdrantOptions.Section).Bind(options);
            if (result.GetValue(url) is { Length: > 0 } u) options.Url = u;
            if (result.GetValue(collection) is { Length: > 0 } c) options.Collection = c;

            using var channel = QdrantConnection.OpenChannel(options);
            using var client = QdrantConnection.CreateClient(channel, options);
            // No ledger: the sources of these documents are already recorded in the embedded ledger.
            // The passages are dated again on the way in, by the same resolver the embedded store used.
            var target = new QdrantKnowledgeStore(client, services.GetRequiredService<TextAnalyzer>(), Options.Create(options),
                times: services.GetRequiredService<PassageTimeAnnotator>());
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

    private static async Task<int> ToPostgresAsync(string dataDirectory, string? connectionString, bool json, bool verbose, CancellationToken cancellationToken)
    {
        // The source is the data directory's own state, whatever KnowledgeBase:State says.
        await using var source = CliHost.Build(dataDirectory, new Dictionary<string, string?> { ["KnowledgeBase:State"] = "Embedded" }, verbose);
        var target = new Dictionary<string, string?> { ["KnowledgeBase:State"] = "Postgres" };
        if (!string.IsNullOrWhiteSpace(connectionString)) target["KnowledgeBase:Postgres:ConnectionString"] = connectionString;
        await using var services = CliHost.Build(dataDirectory, target, verbose);
        PostgresDatabase database;
        try
        {
            database = services.GetRequiredService<PostgresDatabase>();
            await database.EnsureSchemaAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException or Npgsql.NpgsqlException)
        {
            Console.Error.WriteLine($"kb migrate: {e.Message}");
            return ExitCodes.Error;
        }

        var clock = Stopwatch.StartNew();
        var export = new SqliteStateExport(source.GetRequiredService<SqliteDatabase>());
        var report = await new PostgresStateImport(database).ImportAsync(export.Sources(), export.Failures(), export.ApiKeys(), export.Jobs(), cancellationToken);

        var from = source.GetRequiredService<IOriginalFileStore>();
        var to = services.GetRequiredService<IOriginalFileStore>();
        int originals = 0, copied = 0;
        var failures = new List<(string Hash, string Reason)>();
        await foreach (var hash in from.ListAsync(cancellationToken))
        {
            originals++;
            try
            {
                if (await to.OpenAsync(hash, cancellationToken) is { } present)
                {
                    await present.DisposeAsync();
                    continue;
                }
                await using var original = await from.OpenAsync(hash, cancellationToken);
                if (original is null) continue;
                await to.SaveAsync(hash, original.Extension, original.Content, cancellationToken);
                copied++;
                if (!json) Console.Error.Write($"\r{originals} originals");
            }
            catch (Exception e) when (e is IOException or Npgsql.NpgsqlException)
            {
                failures.Add((hash, e.Message));
            }
        }
        if (!json && originals > 0) Console.Error.WriteLine();
        foreach (var (hash, reason) in failures) Console.Error.WriteLine($"kb migrate: original {hash}: {reason}");
        var seconds = clock.Elapsed.TotalSeconds;
        if (json)
            JsonOutput.Write(new
            {
                database = database.Describe(), sources = report.Sources, failures = report.Failures, apiKeys = report.ApiKeys, jobs = report.Jobs,
                originals = copied, originalsFailed = failures.Select(f => new { hash = f.Hash, reason = f.Reason }), seconds,
            });
        else
            Console.WriteLine($"Copied {report.Sources} sources, {report.Failures} failures, {report.ApiKeys} API keys, {report.Jobs} jobs and {copied} originals " +
                              $"into {database.Describe()} in {seconds:F1} s (rows already there were kept)" + (failures.Count > 0 ? $"; {failures.Count} originals failed" : "") + ".");
        return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.PartialFailure;
    }
}