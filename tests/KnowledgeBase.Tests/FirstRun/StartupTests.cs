using System.Net;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeBase.Security;
using KnowledgeBase.Tests.Api;
using KnowledgeBase.Tests.Processes;
using KnowledgeBase.Tests.State;
using KnowledgeBase.Tests.Worker;

namespace KnowledgeBase.Tests.FirstRun;

/// <summary>
/// The API, the worker and kb as processes: what their consoles say, how a bad setting stops them, and how the API's
/// health follows a separate worker that starts and is then killed.
/// </summary>
[Trait("Category", "Slow")]
public sealed class StartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_api_console_is_readable_lines_by_default_and_json_when_asked()
    {
        var root = TestServices.TempDirectory();
        await using (var api = await ApiProcess.StartAsync(root, ["--data", "data"], Ct))
        {
            using var client = api.Client();
            await client.GetAsync("/api/search?q=test", Ct);
            var lines = api.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(lines, l => l.Contains("info: Microsoft.Hosting.Lifetime[14] Now listening on: http://127.0.0.1:", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains($"No knowledge base in {Path.Combine(root, "data")} yet", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith('{'));
            // One line per message, not one per step of every request.
            Assert.DoesNotContain(lines, l => l.Contains("Request starting", StringComparison.Ordinal));
        }

        await using (var api = await ApiProcess.StartAsync(root, ["--data", "data", "--Logging:Console:FormatterName=json"], Ct))
        {
            var lines = api.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var listening = lines.Select(l => JsonDocument.Parse(l).RootElement)
                .Single(e => e.GetProperty("Message").GetString()!.StartsWith("Now listening on", StringComparison.Ordinal));
            Assert.Equal("Microsoft.Hosting.Lifetime", listening.GetProperty("Category").GetString());
            Assert.True(listening.TryGetProperty("Timestamp", out _));
        }
    }

    [Fact]
    public async Task Kb_serve_serves_the_page_and_the_api_from_a_relative_data_directory()
    {
        var root = TestServices.TempDirectory();
        var ingest = await KbProcess.RunAsync(root, ["ingest", "--data", "data", TestServices.Fixture("Parsing/shanghai-port-services-regulation-2020-05-14.md")], Ct);
        Assert.Equal(0, ingest.ExitCode);

        await using var api = await ApiProcess.StartKbServeAsync(root, ["--data", "data"], Ct);
        using var client = api.Client();
        var page = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"search-form\"", await page.Content.ReadAsStringAsync(Ct));
        var search = await client.GetFromJsonAsync<JsonElement>("/api/search?q=" + Uri.EscapeDataString("港口"), Ct);
        var first = search.GetProperty("results")[0];
        Assert.Contains("shanghai-port-services-regulation", first.GetProperty("source").GetString());
        // The original opens from the data directory given relative to where kb serve was started.
        var file = await client.GetAsync($"/api/documents/{first.GetProperty("documentId").GetString()}/file", Ct);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Contains($"Serving the knowledge base in {Path.Combine(root, "data")}", api.Output);

        var bad = await KbProcess.RunAsync(root, ["serve", "--data", "data", "--KnowledgeBase:Api:MaxUploadBytes=0"], Ct);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("kb: invalid setting: KnowledgeBase:Api:MaxUploadBytes must be greater than 0 (is 0)", bad.Stderr);
    }

    [Fact]
    public async Task A_bad_setting_stops_the_api_the_worker_and_kb_with_a_message_naming_it()
    {
        var root = TestServices.TempDirectory();
        var api = await Assert.ThrowsAsync<ApiProcess.ExitedException>(() =>
            ApiProcess.StartAsync(root, ["--data", "data", "--KnowledgeBase:Api:MaxUploadBytes=0"], Ct));
        Assert.Equal(1, api.ExitCode);
        Assert.Contains("KnowledgeBase.Api: invalid setting: KnowledgeBase:Api:MaxUploadBytes must be greater than 0 (is 0)", api.Output);
        Assert.DoesNotContain("   at ", api.Output);

        var worker = await RunAsync(WorkerProcess.Dll(), ["--data", Path.Combine(root, "data"), "--once"],
            new Dictionary<string, string> { ["KB_KnowledgeBase__Worker__StallTimeout"] = "00:00:01" });
        Assert.Equal(1, worker.ExitCode);
        Assert.Contains("KnowledgeBase:Worker:StallTimeout must be longer than three heartbeats", worker.Stderr);

        var kb = await KbProcess.RunAsync(root, ["ingest", "--data", "data", TestServices.Fixture("Parsing/shanghai-port-services-regulation-2020-05-14.md")], Ct,
            new Dictionary<string, string> { ["KB_KnowledgeBase__Lexical__B"] = "1.5" });
        Assert.Equal(1, kb.ExitCode);
        Assert.Contains("kb: invalid setting: KnowledgeBase:Lexical:B must be between 0 and 1 (is 1.5)", kb.Stderr);

        var notANumber = await KbProcess.RunAsync(root, ["ingest", "--data", "data", TestServices.Fixture("Parsing/shanghai-port-services-regulation-2020-05-14.md")], Ct,
            new Dictionary<string, string> { ["KB_KnowledgeBase__Ingest__MaxFileBytes"] = "lots" });
        Assert.Equal(1, notANumber.ExitCode);
        Assert.Contains("KnowledgeBase:Ingest:MaxFileBytes", notANumber.Stderr);
    }

    [Theory]
    [InlineData("Embedded")]
    [InlineData("Postgres")]
    public async Task Ready_reports_a_separate_worker_that_stops_and_the_workers_own_probe_fails(string state)
    {
        // The API and the worker share the state as separate processes would: the data directory, or a PostgreSQL schema.
        await using var postgres = new PostgresLocation();
        var shared = new Dictionary<string, string>();
        if (state == "Postgres")
        {
            postgres.Services();
            shared["KnowledgeBase:State"] = "Postgres";
            shared["KnowledgeBase:Postgres:ConnectionString"] = PostgresLocation.SchemaConnectionString(postgres.Schema!);
        }
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string>(shared) { ["KnowledgeBase:Api:InProcessWorker"] = "false" });
        using var staff = server.Client(await server.CreateKeyAsync(ApiRole.Staff));
        var worker = (await staff.GetJsonAsync("/health/ready"))["checks"]!["worker"]!;
        Assert.Equal("degraded", (string)worker["status"]!);
        Assert.Contains("no ingest worker is working", (string)worker["description"]!);

        var environment = shared.ToDictionary(s => "KB_" + s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["KB_KnowledgeBase__Worker__HeartbeatInterval"] = "00:00:01";
        using (var process = WorkerProcess.Start(["--data", server.DataDirectory], environment))
        {
            await WaitForWorkerAsync(staff, "ok", "idle");
            var probe = await RunAsync(WorkerProcess.Dll(), ["--health", "--data", server.DataDirectory], environment);
            Assert.True(probe.ExitCode == 0, probe.Stdout + probe.Stderr);
            Assert.Contains("idle", probe.Stdout);

            process.Kill();
        }
        // Killed, it leaves its last beat behind; three missed beats later it counts as stopped.
        var stopped = await WaitForWorkerAsync(staff, "degraded", "stopped: no heartbeat");
        Assert.Contains("no ingest worker is working", stopped);
        var after = await RunAsync(WorkerProcess.Dll(), ["--health", "--data", server.DataDirectory], environment);
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("stopped: no heartbeat", after.Stdout);
    }

    /// <summary>Polls the worker check until it has the status and its description the text (at most a minute).</summary>
    private static async Task<string> WaitForWorkerAsync(HttpClient staff, string status, string text)
    {
        var last = "";
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromMinutes(1); await Task.Delay(200, Ct))
        {
            var worker = (await staff.GetFromJsonAsync<JsonElement>("/health/ready", Ct)).GetProperty("checks").GetProperty("worker");
            last = worker.GetProperty("description").GetString()!;
            if (worker.GetProperty("status").GetString() == status && last.Contains(text, StringComparison.Ordinal)) return last;
        }
        throw new TimeoutException($"the worker check never became {status} with '{text}'; last: {last}");
    }

    private static async Task<KbProcess.Outcome> RunAsync(string dll, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return new KbProcess.Outcome(process.ExitCode, await stdout, await stderr);
    }
}
