using System.Diagnostics;
using System.Security.Cryptography;
using KnowledgeBase.Jobs;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.State;

/// <summary>
/// <c>kb migrate --to postgres</c> and the CLI on PostgreSQL, run as the real tool: the data directory's ledger, keys,
/// jobs and originals arrive in PostgreSQL and work there (the key still signs in, the original reads back, a finished
/// job still counts as done), and running it again adds nothing. Needs <c>KB_TEST_POSTGRES</c>; skipped without it.
/// </summary>
public sealed class MigrateToPostgresTests : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly EmbeddedLocation _embedded = new();
    private readonly PostgresLocation _postgres = new();

    public async ValueTask DisposeAsync()
    {
        await _embedded.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private static async Task<(int Code, string Out, string Err)> KbAsync(IDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kb.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Ledger_keys_jobs_and_originals_move_to_postgres_and_keep_working()
    {
        var target = _postgres.Services(); // skips here without KB_TEST_POSTGRES
        var connection = PostgresLocation.SchemaConnectionString(_postgres.Schema!);
        var source = _embedded.Services();
        var data = source.GetRequiredService<Storage.Embedded.SqliteDatabase>().DataDirectory;

        var ledger = source.GetRequiredService<IIngestLedger>();
        await ledger.AddSourceAsync(new SourceState("/inbox/a.pdf", "dA", "ha"), Ct);
        await ledger.RecordFailureAsync(new IngestFailureRecord("/inbox/bad.pdf", "hb", "Encrypted", "encrypted PDF (password required)", DateTimeOffset.UnixEpoch), Ct);
        var key = await source.GetRequiredService<IApiKeyStore>().CreateAsync(ApiRole.Staff, null, "staff", Ct);
        var queue = source.GetRequiredService<IIngestQueue>();
        var done = await queue.EnqueueAsync(new IngestJobRequest("/staged/a", "/inbox/a.pdf", new DocumentMetadata { Tags = ["边境"] }, ContentHash: "ha"), Ct);
        await queue.LeaseAsync("w", TimeSpan.FromMinutes(1), Ct);
        await queue.CompleteAsync(done.Id, "w", "dA", Ct);
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await source.GetRequiredService<IOriginalFileStore>().SaveAsync(hash, ".pdf", new MemoryStream(bytes), Ct);

        var first = await KbAsync(new Dictionary<string, string>(), "migrate", "--data", data, "--to", "postgres", "--postgres", connection);
        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("Copied 1 sources, 1 failures, 1 API keys, 1 jobs and 1 originals", first.Out);

        Assert.Equal(new SourceState("/inbox/a.pdf", "dA", "ha"), await target.GetRequiredService<IIngestLedger>().GetSourceAsync("/inbox/a.pdf", Ct));
        Assert.Equal("encrypted PDF (password required)", Assert.Single(await target.GetRequiredService<IIngestLedger>().GetFailuresAsync(5, Ct)).Reason);
        Assert.Equal(ApiRole.Staff, (await target.GetRequiredService<IApiKeyStore>().ValidateAsync(key.Secret, Ct))!.Role);
        var moved = (await target.GetRequiredService<IIngestQueue>().GetAsync(done.Id, Ct))!;
        Assert.Equal((JobState.Done, "dA"), (moved.State, moved.DocumentId));
        Assert.Equal(["边境"], moved.Request.Metadata.Tags);
        Assert.Equal(["/inbox/a.pdf"], await target.GetRequiredService<IIngestQueue>().GetCompletedSourcesAsync("/inbox/", Ct));
        await using (var original = (await target.GetRequiredService<IOriginalFileStore>().OpenAsync(hash, Ct))!)
        {
            using var copy = new MemoryStream();
            await original.Content.CopyToAsync(copy, Ct);
            Assert.Equal(bytes, copy.ToArray());
        }

        var again = await KbAsync(new Dictionary<string, string>(), "migrate", "--data", data, "--to", "postgres", "--postgres", connection);
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("Copied 0 sources, 0 failures, 0 API keys, 0 jobs and 0 originals", again.Out);

        // The CLI reads the same settings with the KB_ prefix: keys and status now come from PostgreSQL.
        var environment = new Dictionary<string, string>
        {
            ["KB_KnowledgeBase__State"] = "Postgres",
            ["KB_KnowledgeBase__Postgres__ConnectionString"] = connection,
        };
        var fresh = TestServices.TempDirectory();
        var listed = await KbAsync(environment, "keys", "list", "--data", fresh);
        Assert.True(listed.Code == 0, listed.Err);
        Assert.Contains(key.Info.Id, listed.Out);
        var status = await KbAsync(environment, "status", "--data", fresh, "--json");
        Assert.Contains("\"done\":1", status.Out.Replace(" ", ""));
    }

    [Fact]
    public async Task A_missing_connection_string_is_refused_naming_the_setting()
    {
        var result = await KbAsync(new Dictionary<string, string> { ["KB_KnowledgeBase__State"] = "Postgres" }, "keys", "list", "--data", TestServices.TempDirectory());
        Assert.Equal(1, result.Code);
        Assert.Contains("KnowledgeBase:Postgres:ConnectionString", result.Err);
        var wrong = await KbAsync(new Dictionary<string, string> { ["KB_KnowledgeBase__State"] = "Mysql" }, "keys", "list", "--data", TestServices.TempDirectory());
        Assert.Equal(1, wrong.Code);
        Assert.Contains("KnowledgeBase:State must be 'Embedded' or 'Postgres', not 'Mysql'", wrong.Err);
    }
}
