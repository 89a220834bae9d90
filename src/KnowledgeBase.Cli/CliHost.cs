using KnowledgeBase.Configuration;
using KnowledgeBase.Hosting;
using KnowledgeBase.Hosting.Configuration;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Cli;

/// <summary>Builds the service provider a command runs with: appsettings.json, KB__ environment variables, then the command's own options.</summary>
internal static class CliHost
{
    public static ServiceProvider Build(string dataDirectory, IDictionary<string, string?>? overrides = null, bool verbose = false)
    {
        var configuration = Configuration(dataDirectory, overrides);
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            // Logs go to stderr so stdout stays clean for --json output: readable lines, or JSON with
            // KB_Logging__Console__FormatterName=json. Errors only, unless --verbose.
            logging.AddKnowledgeBaseConsole(configuration);
            logging.AddFilter((category, level) => level >= (verbose ? LogLevel.Information : LogLevel.Error));
            logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        services.AddSingleton<IConfiguration>(configuration);
        services.AddKnowledgeBase(configuration);
        var provider = services.BuildServiceProvider();
        // What the API and the worker do when their host starts: a bad setting stops the command with its name.
        provider.ValidateSettingsNow();
        return provider;
    }

    /// <summary>
    /// Read commands call this before anything opens the store: opening creates an empty one, so a mistyped
    /// <c>--data</c> would otherwise answer "no passages match" with exit code 0. Prints the reason and returns false
    /// when <paramref name="dataDirectory"/> holds no knowledge base.
    /// </summary>
    public static bool RequireKnowledgeBase(string dataDirectory)
    {
        // Only the embedded default keeps the whole knowledge base in the folder; with Qdrant or PostgreSQL the servers hold it.
        var settings = Configuration(dataDirectory, overrides: null).GetSection(KnowledgeBaseOptions.Section);
        static bool Embedded(string? value) => string.IsNullOrWhiteSpace(value) || value.Equals("Embedded", StringComparison.OrdinalIgnoreCase);
        if (!Embedded(settings[nameof(KnowledgeBaseOptions.Store)]) || !Embedded(settings[nameof(KnowledgeBaseOptions.State)])) return true;
        var full = Path.GetFullPath(dataDirectory);
        if (File.Exists(Path.Combine(full, SqliteDatabase.FileName))) return true;
        Console.Error.WriteLine($"kb: no knowledge base at {full} — run kb ingest first");
        return false;
    }

    /// <summary>
    /// Starts building jieba's dictionaries, with the resources the configuration names, before the command line is
    /// parsed and the services exist: the build is most of a one-shot search's start-up, and everything else can
    /// happen beside it. The segmenter the services create later shares this load (jieba's tables are process-wide).
    /// </summary>
    public static void StartSegmenterLoading()
    {
        var options = Configuration(dataDirectory: "", overrides: null).GetSection($"{KnowledgeBaseOptions.Section}:Text").Get<TextAnalysisOptions>() ?? new();
        new ChineseSegmenter(new ResourceFiles(options.ResourceDirectory), options.UserDictionaries).StartLoading();
    }

    private static IConfiguration Configuration(string dataDirectory, IDictionary<string, string?>? overrides)
    {
        var settings = new Dictionary<string, string?> { ["KnowledgeBase:DataDirectory"] = dataDirectory };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        return new ConfigurationBuilder()
            .AddInMemoryCollection(ConsoleLogging.Defaults(includeScopes: true))
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables("KB_")
            .AddInMemoryCollection(settings)
            .Build();
    }
}
