using System.Diagnostics;
using System.Globalization;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Ingestion.Pipeline;
using KnowledgeBase.Storage.Embedded;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Worker;

/// <summary>
/// Kill-and-resume proof: the real worker executable ingests a batch of generated Chinese files from a watch folder
/// and is killed with SIGKILL at random moments (during start-up, scanning, parsing, indexing or commit), restarted
/// each time, then left to finish. The store is then checked against the files: every file ingested exactly once,
/// passages neither duplicated, missing, orphaned nor missing from the full-text indexes, and the database passes
/// SQLite's and FTS5's integrity checks without any repair step.
/// Size: KB_KILLTEST_FILES (default 1000) files and KB_KILLTEST_KILLS (default 10) kills; KB_KILLTEST_SEED replays a run.
/// </summary>
[Trait("Category", "Slow")]
[Collection(nameof(WorkerProcessCollection))]
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killed_worker_resumes_without_losing_or_duplicating_work()
    {
        WorkerTestSupport.RequireParsers(FileFormat.PlainText, FileFormat.Markdown);
        var sentences = WorkerTestSupport.ReportSentences();
        var fileCount = Setting("KB_KILLTEST_FILES", 1000);
        var kills = Setting("KB_KILLTEST_KILLS", 10);
        var seed = Setting("KB_KILLTEST_SEED", Environment.TickCount & 0x7FFFFFFF);
        var random = new Random(seed);

        var root = TestServices.TempDirectory();
        var data = Path.Combine(root, "data");
        var inbox = Path.Combine(root, "inbox");
        var files = WorkerTestSupport.WriteChineseFiles(inbox, fileCount, seed, sentences);
        var expected = ExpectedPassageCounts(files);

        var environment = new Dictionary<string, string>
        {
            // Short leases so a killed worker's job is taken over within seconds.
            ["KB_KnowledgeBase__Worker__LeaseDuration"] = "00:00:03",
            ["KB_KnowledgeBase__Worker__PollInterval"] = "00:00:00.200",
            ["KB_KnowledgeBase__Worker__WatchStableFor"] = "00:00:01",
        };
        string[] arguments = ["--data", data, "--watch", inbox, "--once", "--quiet"];

        var clock = Stopwatch.StartNew();
        var killed = 0;
        var killMoments = new List<string>();
        // Kill points are spread over the batch by progress, not by time, so a fast machine cannot finish the batch
        // before every kill has landed: each ingest-phase kill waits for a random share of the files to be done.
        var thresholds = Enumerable.Range(0, kills).Select(_ => random.Next(1, fileCount * 9 / 10)).Order().ToArray();
        for (var k = 0; k < kills; k++)
        {
            using var worker = WorkerProcess.Start(arguments, environment);
            var before = DoneJobs(data);
            if (k % 3 != 2)
            {
                // Get into the batch (past this kill's share of the files), then kill at a random moment soon after.
                var deadline = Stopwatch.StartNew();
                while (DoneJobs(data) < Math.Max(thresholds[k], before + 1) && !worker.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(90)) await Task.Delay(10, Ct);
                await Task.Delay(random.Next(0, 200), Ct);
            }
            else
            {
                // Anywhere from start-up through the watch-folder scan into the first files.
                await Task.Delay(random.Next(100, 1500), Ct);
            }
            if (worker.HasExited)
            {
                killMoments.Add($"#{k + 1}: worker had already finished (exit {worker.ExitCode})");
                break;
            }
            worker.Kill();
            killed++;
            killMoments.Add($"#{k + 1}: killed after done jobs {before}→{DoneJobs(data)}");
        }

        using (var last = WorkerProcess.Start(arguments, environment))
        {
            Assert.True(await last.WaitForExitAsync(TimeSpan.FromMinutes(5)), "the final worker run did not finish:\n" + last.Log);
            Assert.True(last.ExitCode == 0, $"worker exit code {last.ExitCode}:\n{last.Log}");
        }
        clock.Stop();

        var check = CheckStore(data, files, expected);
        foreach (var moment in killMoments) output.WriteLine(moment);
        output.WriteLine($"kill test: files={fileCount} kills={killed} seed={seed} duration={clock.Elapsed.TotalSeconds:F1}s");
        output.WriteLine($"lost={check.Lost} duplicated={check.Duplicated} orphaned={check.Orphaned} indexMismatch={check.IndexMismatch} failedJobs={check.FailedJobs}");
        Console.WriteLine($"kill test: files={fileCount} kills={killed} seed={seed} duration={clock.Elapsed.TotalSeconds:F1}s lost={check.Lost} duplicated={check.Duplicated}");
        foreach (var problem in check.Problems.Take(20)) output.WriteLine(problem);

        Assert.Equal(kills, killed);
        Assert.Equal(0, check.Lost);
        Assert.Equal(0, check.Duplicated);
        Assert.Equal(0, check.Orphaned);
        Assert.Equal(0, check.IndexMismatch);
        Assert.Equal(0, check.FailedJobs);
    }

    private sealed record StoreCheck(int Lost, int Duplicated, int Orphaned, int IndexMismatch, int FailedJobs, List<string> Problems);

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : fallback;

    /// <summary>Passage counts of a fresh parse and chunking of each file, with the same parsers and chunker the worker uses.</summary>
    internal static Dictionary<string, int> ExpectedPassageCounts(List<string> files)
    {
        using var services = TestServices.Create(TestServices.TempDirectory());
        var parsers = services.GetServices<IDocumentParser>().ToDictionary(p => p.Format);
        var chunker = services.GetRequiredService<PassageChunker>();
        return files.ToDictionary(f => f, f =>
        {
            var bytes = File.ReadAllBytes(f);
            var parsed = parsers[FormatSniffer.Detect(bytes, f)].Parse(bytes, Path.GetFileName(f), CancellationToken.None);
            return chunker.Chunk(DocumentIds.ForSource(f), parsed).Count;
        });
    }

    private static long DoneJobs(string data)
    {
        var path = Path.Combine(data, SqliteDatabase.FileName);
        if (!File.Exists(path)) return 0;
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            connection.Open();
            return Scalar(connection, "SELECT count(*) FROM jobs WHERE state = 'done'");
        }
        catch (SqliteException)
        {
            return 0; // not created yet
        }
    }

    private static StoreCheck CheckStore(string data, List<string> files, Dictionary<string, int> expected)
    {
        var problems = new List<string>();
        // Opening through the store's own class is what every later process does: no repair step exists or runs.
        var database = new SqliteDatabase(data);
        using var connection = database.Open();

        using (var integrity = connection.CreateCommand())
        {
            integrity.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", integrity.ExecuteScalar() as string);
        }

        int lost = 0, duplicated = 0;
        var documentsOfFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT d.id, d.passage_count, (SELECT count(*) FROM passages p WHERE p.document_id = d.id),
                       (SELECT count(*) FROM jobs j WHERE j.source = s.source)
                FROM sources s JOIN documents d ON d.id = s.document_id WHERE s.source = $source
                """;
            command.Parameters.AddWithValue("$source", file);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                lost++;
                problems.Add($"lost: {file}");
                continue;
            }
            var (id, recorded, actual, jobs) = (reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
            documentsOfFiles.Add(id);
            var want = expected[file];
            if (actual > want) { duplicated += actual - want; problems.Add($"duplicated: {file} has {actual} passages, fresh chunking gives {want}"); }
            if (actual < want) { lost++; problems.Add($"half-written: {file} has {actual} passages, fresh chunking gives {want}"); }
            if (recorded != actual) problems.Add($"{file}: passage_count {recorded} but {actual} rows");
            if (jobs != 1) problems.Add($"{file}: {jobs} jobs (the watch folder should enqueue one)");
        }

        var extraDocuments = (int)Scalar(connection, "SELECT count(*) FROM documents") - documentsOfFiles.Count;
        if (extraDocuments > 0) { duplicated += extraDocuments; problems.Add($"{extraDocuments} documents not accounted for by a file"); }
        duplicated += (int)Scalar(connection, "SELECT count(*) - count(DISTINCT document_id || '#' || ordinal) FROM passages");
        duplicated += (int)Scalar(connection, "SELECT count(*) - count(DISTINCT content_hash) FROM documents");

        var orphaned = (int)Scalar(connection, "SELECT count(*) FROM passages WHERE document_id NOT IN (SELECT id FROM documents)")
                       + (int)Scalar(connection, "SELECT count(*) FROM pages WHERE document_id NOT IN (SELECT id FROM documents)");
        // The lexical index's own consistency check: lengths, statistics, pid ranges and postings blocks against the passages.
        var indexProblems = KnowledgeBase.Storage.Embedded.Lexical.LexicalIndexCheck.Problems(connection);
        problems.AddRange(indexProblems);
        var indexMismatch = indexProblems.Count;
        var failedJobs = (int)Scalar(connection, "SELECT count(*) FROM jobs WHERE state <> 'done'");
        foreach (var row in Rows(connection, "SELECT source, state, error FROM jobs WHERE state <> 'done' LIMIT 10")) problems.Add("job not done: " + row);
        return new StoreCheck(lost, duplicated, orphaned, indexMismatch, failedJobs, problems);
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static IEnumerable<string> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString())));
        return rows;
    }
}
