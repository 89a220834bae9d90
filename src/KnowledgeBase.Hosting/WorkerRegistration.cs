using KnowledgeBase.Configuration;
using KnowledgeBase.Hosting.Configuration;
using KnowledgeBase.Ingestion.Worker;
using KnowledgeBase.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Hosting;

/// <summary>Registers the durable ingest queue and the ingest worker.</summary>
public static class WorkerRegistration
{
    /// <summary>
    /// The worker as a hosted service (section <c>KnowledgeBase:Worker</c>), for a host that also runs
    /// <see cref="ServiceCollectionExtensions.AddKnowledgeBase"/> (which registers the queue with the shared state): the API
    /// process or the stand-alone worker.
    /// </summary>
    public static IServiceCollection AddIngestWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IngestWorkerOptions>(configuration.GetSection(IngestWorkerOptions.Section));
        services.AddSettingsValidation<IngestWorkerOptions, IngestWorkerOptionsValidation>();
        services.TryAddSingleton<JobProcessor>();
        services.TryAddSingleton<WatchFolderScanner>();
        services.TryAddSingleton<WorkerHeartbeat>();
        services.TryAddSingleton<IngestWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestWorker>());
        return services;
    }
}

/// <summary>Command-line settings of a stand-alone worker (<c>KnowledgeBase.Ingest</c>, <c>kb worker</c>).</summary>
/// <param name="DataDirectory">The data directory given on the command line; null leaves it to the configuration (<c>KnowledgeBase:DataDirectory</c>, default <c>data</c>).</param>
/// <param name="Settings">Further configuration keys (e.g. <c>KnowledgeBase:Worker:LeaseDuration</c>), applied last.</param>
public sealed record WorkerCommandLine(
    string? DataDirectory,
    IReadOnlyList<string> WatchFolders,
    bool Once,
    int? Concurrency = null,
    bool RemoveDeletedFiles = false,
    bool Verbose = true,
    IReadOnlyDictionary<string, string?>? Settings = null);

/// <summary>Builds the host of a stand-alone ingest worker.</summary>
public static class IngestWorkerHost
{
    public static IHost Build(WorkerCommandLine commandLine)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var settings = new Dictionary<string, string?> { ["KnowledgeBase:Worker:RunOnce"] = commandLine.Once ? "true" : "false" };
        if (commandLine.DataDirectory is { } data) settings["KnowledgeBase:DataDirectory"] = data;
        for (var i = 0; i < commandLine.WatchFolders.Count; i++) settings[$"KnowledgeBase:Worker:WatchFolders:{i}"] = commandLine.WatchFolders[i];
        if (commandLine.Concurrency is { } concurrency) settings["KnowledgeBase:Worker:Concurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (commandLine.RemoveDeletedFiles) settings["KnowledgeBase:Worker:RemoveDeletedFiles"] = "true";
        foreach (var (key, value) in commandLine.Settings ?? new Dictionary<string, string?>()) settings[key] = value;
        if (!commandLine.Verbose)
        {
            settings["Logging:LogLevel:Default"] = "Warning";
            settings["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning";
        }
        builder.Configuration
            // Defaults of a process that only ingests; appsettings.json and the environment override them.
            .AddInMemoryCollection(ConsoleLogging.Defaults(includeScopes: true))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["KnowledgeBase:Worker:MemoryLimitMiB"] = "900" })
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            // KnowledgeBase__Store=Qdrant as the API and the containers set it; KB_KnowledgeBase__… as the CLI reads it.
            .AddEnvironmentVariables()
            .AddEnvironmentVariables("KB_")
            .AddInMemoryCollection(settings);

        builder.Logging.ClearProviders();
        // Readable lines on stderr, each carrying its job (scope); JSON with Logging:Console:FormatterName=json.
        builder.Logging.AddKnowledgeBaseConsole(builder.Configuration);
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        builder.Services.AddKnowledgeBase(builder.Configuration);
        builder.Services.AddIngestWorker(builder.Configuration);
        return builder.Build();
    }

    /// <summary>Parses <c>--data DIR [--watch DIR]... [--once] [--concurrency N] [--remove-deleted] [--quiet]</c>; null with a message on error.</summary>
    public static WorkerCommandLine? Parse(string[] args, out string? error)
    {
        string? data = null;
        var watch = new List<string>();
        bool once = false, remove = false, verbose = true;
        int? concurrency = null;
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--data": data = Next() ?? ""; break;
                case "--watch": watch.Add(Next() ?? ""); break;
                case "--once": once = true; break;
                case "--remove-deleted": remove = true; break;
                case "--quiet": verbose = false; break;
                case "--concurrency" when int.TryParse(Next(), out var n) && n > 0: concurrency = n; break;
                default:
                    error = $"unknown or incomplete option '{args[i]}'";
                    return null;
            }
        }
        if (data?.Length == 0 || watch.Any(w => w.Length == 0))
        {
            error = "--data and --watch need a folder";
            return null;
        }
        var missing = watch.FirstOrDefault(w => !Directory.Exists(w));
        if (missing is not null)
        {
            error = $"watch folder not found: {missing}";
            return null;
        }
        return new WorkerCommandLine(data, watch, once, concurrency, remove, verbose);
    }

    /// <summary>
    /// The health probe of a worker machine or container (<c>KnowledgeBase.Ingest --health</c>, <c>kb worker --health</c>,
    /// the worker image's HEALTHCHECK): 0 when a worker on this machine has a fresh heartbeat and none is stalled, 1
    /// otherwise; one line per worker says what it is doing or what is wrong.
    /// </summary>
    public static async Task<int> CheckHealthAsync(WorkerCommandLine commandLine, TextWriter output, CancellationToken cancellationToken = default)
    {
        using var host = Build(commandLine);
        var now = DateTimeOffset.UtcNow;
        var mine = (await host.Services.GetRequiredService<IWorkerBeats>().ReadAllAsync(now, cancellationToken))
            .Where(b => b.Host == Environment.MachineName).ToList();
        foreach (var beat in mine) output.WriteLine(beat.Describe(now));
        if (mine.Count == 0) output.WriteLine($"no ingest worker on {Environment.MachineName} has a heartbeat");
        var conditions = mine.Select(b => b.Assess(now)).ToList();
        return conditions.Contains(WorkerCondition.Working) && !conditions.Contains(WorkerCondition.Stalled) ? 0 : 1;
    }

    public const string Usage = """
        Usage: KnowledgeBase.Ingest --data DIR [--watch DIR]... [--once] [--concurrency N] [--remove-deleted] [--quiet]
               KnowledgeBase.Ingest --health [--data DIR]
          --data DIR          data directory of the embedded store (default: KnowledgeBase:DataDirectory, else data)
          --watch DIR         inbox folder to ingest and keep in step (repeatable)
          --once              process what is queued (and in the watch folders), then exit
          --concurrency N     files processed at once (default 1)
          --remove-deleted    remove documents whose file was deleted from a watch folder
          --quiet             log warnings and errors only
          --health            exit 0 if a worker on this machine is working (fresh heartbeat, no job stuck), else 1
        Settings also come from appsettings.json and environment variables (KnowledgeBase__Worker__LeaseDuration=00:02:00,
        or with a KB_ prefix). Logs are readable lines on stderr; Logging__Console__FormatterName=json makes them JSON.
        """;
}
