using System.Diagnostics;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Lexical;
using KnowledgeBase.Storage.Embedded.Schema;
using KnowledgeBase.Tests.State;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KnowledgeBase.Tests.Worker;

/// <summary>
/// Many workers, one queue, nothing lost: three real worker processes with the shared state in PostgreSQL ingest one
/// watch folder of 150 files; one of them is killed with SIGKILL while it holds a job, after 40 files are done. The
/// others take its job over when the lease expires. Then every file must be in the store exactly once (its document,
/// exactly the passages a fresh chunking gives, a sound lexical index), with one job per file, all done, and the killed
/// worker's job done by another worker on its second attempt. The files, the kill point and the checks are fixed, so
/// the test decides the same way every run. Needs <c>KB_TEST_POSTGRES</c>; skipped (visibly) without it.
/// </summary>
[Trait("Category", "Slow")]
[Collection(nameof(WorkerProcessCollection))]
public sealed class SharedQueueWorkerTests(ITestOutputHelper output) : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Files = 150, Workers = 3, KillAfterDone = 40;
    private readonly PostgresLocation _state = new();

    public ValueTask DisposeAsync() => _state.DisposeAsync();

    [Fact]
    public async Task Three_workers_index_every_file_exactly_once_when_one_is_killed_mid_batch()
    {
        WorkerTestSupport.RequireParsers(FileFormat.PlainText, FileFormat.Markdown);
        var sentences = WorkerTestSupport.ReportSentences();
        // Migrates the schema once, before the workers race to do it (they would take turns under the advisory lock anyway).
        await _state.Services().GetRequiredService<KnowledgeBase.Jobs.IIngestQueue>().SummarizeAsync(0, TestContext.Current.CancellationToken);
        var connectionString = PostgresLocation.SchemaConnectionString(_state.Schema!);

        var inbox = Path.Combine(TestServices.TempDirectory(), "inbox");
        var files = WorkerTestSupport.WriteChineseFiles(inbox, Files, seed: 18, sentences);
        var expected = CrashSafetyTests.ExpectedPassageCounts(files);
        var environment = new Dictionary<string, string>
        {
            ["KB_KnowledgeBase__State"] = "Postgres",
            ["KB_KnowledgeBase__Postgres__ConnectionString"] = connectionString,
            // Short leases so the killed worker's job is taken over within seconds.
            ["KB_KnowledgeBase__Worker__LeaseDuration"] = "00:00:03",
            ["KB_KnowledgeBase__Worker__PollInterval"] = "00:00:00.200",
            ["KB_KnowledgeBase__Worker__WatchStableFor"] = "00:00:01",
        };
        string[] arguments = ["--data", _state.DataDirectory, "--watch", inbox, "--once", "--quiet"];

        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Workers).Select(_ => WorkerProcess.Start(arguments, environment)).ToList();
        try
        {
            // Kill the second worker once 40 files are done, at a moment it holds a job: it is frozen (SIGSTOP) first, so it
            // cannot finish the job between the look at its lease and the kill; if it holds none just then, it goes on.
            var victim = workers[1];
            string? heldJob = null;
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromMinutes(4) && !victim.HasExited && heldJob is null)
            {
                await Task.Delay(50, Ct);
                if (await ScalarAsync(connectionString, "SELECT count(*) FROM kb_jobs WHERE state = 'done'") is not long done || done < KillAfterDone) continue;
                Signal("STOP", victim.Id);
                await Task.Delay(300, Ct); // a commit it sent before it stopped has landed by now
                heldJob = await ScalarAsync(connectionString, "SELECT id FROM kb_jobs WHERE state = 'running' AND lease_owner LIKE '%/' || @pid || '/%' LIMIT 1",
                    ("pid", victim.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))) as string;
                if (heldJob is null) Signal("CONT", victim.Id);
            }
            victim.Kill();
            Assert.True(heldJob is not null, "the worker to kill never held a job after 40 files were done:\n" + victim.Log);
            var doneAtKill = await ScalarAsync(connectionString, "SELECT count(*) FROM kb_jobs WHERE state = 'done'");

            foreach (var survivor in workers.Where(w => w != victim))
            {
                Assert.True(await survivor.WaitForExitAsync(TimeSpan.FromMinutes(5)), "a surviving worker did not finish:\n" + survivor.Log);
                Assert.True(survivor.ExitCode == 0, $"worker exit code {survivor.ExitCode}:\n{survivor.Log}");
            }
            clock.Stop();
            output.WriteLine($"{Files} files, {Workers} workers, killed one at {doneAtKill} done while it held {heldJob}; {clock.Elapsed.TotalSeconds:F1} s");

            // The queue: one job per file, all done, none orphaned; the killed worker's job finished on its second attempt.
            Assert.Equal((long)Files, await ScalarAsync(connectionString, "SELECT count(DISTINCT source) FROM kb_jobs"));
            Assert.Equal((long)Files, await ScalarAsync(connectionString, "SELECT count(*) FROM kb_jobs WHERE state = 'done'"));
            Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM kb_jobs WHERE state <> 'done'"));
            Assert.Equal(2, await ScalarAsync(connectionString, "SELECT attempts FROM kb_jobs WHERE id = @id", ("id", heldJob)));
            Assert.Equal((long)Files, await ScalarAsync(connectionString, "SELECT count(*) FROM kb_sources"));
            Assert.Equal((long)Files, await ScalarAsync(connectionString, "SELECT count(DISTINCT document_id) FROM kb_sources"));
            Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM kb_failures"));

            // The store: every file's document with exactly the passages a fresh chunking gives, nothing else.
            using var database = new SqliteDatabase(_state.DataDirectory);
            using var connection = database.Open();
            var passages = connection.Query(null, "SELECT d.source, count(p.pid) FROM documents d LEFT JOIN passages p ON p.document_id = d.id GROUP BY d.id",
                r => (Source: r.GetString(0), Passages: (int)r.GetInt64(1)));
            Assert.Equal(files.Order(StringComparer.Ordinal), passages.Select(p => p.Source).Order(StringComparer.Ordinal));
            Assert.All(passages, p => Assert.Equal(expected[p.Source], p.Passages));
            Assert.Equal(0L, connection.Long(null, "SELECT count(*) - count(DISTINCT document_id || '#' || ordinal) FROM passages"));
            Assert.Equal(0L, connection.Long(null, "SELECT count(*) FROM passages WHERE document_id NOT IN (SELECT id FROM documents)"));
            Assert.Empty(LexicalIndexCheck.Problems(connection));
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
        }
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }
}
