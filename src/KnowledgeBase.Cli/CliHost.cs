using KnowledgeBase.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Cli;

/// <summary>Builds the service provider a command runs with: appsettings.json, KB__ environment variables, then the command's own options.</summary>
internal static class CliHost
{
    public static ServiceProvider Build(string dataDirectory, IDictionary<string, string?>? overrides = null, bool verbose = false)
    {
        var settings = new Dictionary<string, string?> { ["KnowledgeBase:DataDirectory"] = dataDirectory };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables("KB_")
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            // Logs go to stderr as JSON lines so stdout stays clean for --json output.
            logging.AddJsonConsole(o => { o.IncludeScopes = true; o.TimestampFormat = "O"; });
            logging.AddFilter((category, level) => level >= (verbose ? LogLevel.Information : LogLevel.Error));
            logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        services.AddSingleton<IConfiguration>(configuration);
        services.AddKnowledgeBase(configuration);
        return services.BuildServiceProvider();
    }
}
