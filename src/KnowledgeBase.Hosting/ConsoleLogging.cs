using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace KnowledgeBase.Hosting;

/// <summary>
/// Console logs of the API, the worker and the CLI: by default one readable line per message (time, level, category,
/// text); JSON lines for a log collector with ASP.NET Core's own setting <c>Logging:Console:FormatterName=json</c>
/// (environment <c>Logging__Console__FormatterName=json</c>). Framework chatter (a line for every step of every
/// request) is at Warning, while the host's lifetime messages, among them "Now listening on", stay visible.
/// The defaults are configuration, placed below every other source, so appsettings.json, the environment or the
/// command line override any of them (e.g. <c>Logging:LogLevel:Microsoft.AspNetCore=Information</c>).
/// </summary>
public static class ConsoleLogging
{
    /// <param name="includeScopes">Scopes on each line: the worker's lines carry their job this way.</param>
    public static Dictionary<string, string?> Defaults(bool includeScopes) => new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        // At every start "No XML encryptor configured": the session keys in DATA/session-keys are stored unencrypted,
        // as the README's security section says (protect that folder like the database); a warning each start adds nothing.
        ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
        ["Logging:Console:FormatterName"] = ConsoleFormatterNames.Simple,
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:IncludeScopes"] = includeScopes ? "true" : "false",
    };

    /// <summary>Puts <see cref="Defaults"/> beneath the sources a builder already has (a web application's).</summary>
    public static void AddLoggingDefaultsBelow(IConfigurationBuilder configuration, bool includeScopes) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults(includeScopes) });

    /// <summary>The console provider, configured from <c>Logging</c> in <paramref name="configuration"/> (a host without defaults: the worker, the CLI).</summary>
    public static ILoggingBuilder AddKnowledgeBaseConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddConsole();
        return logging.AddConsoleTimestamps();
    }

    /// <summary>A timestamp on each line unless one is configured: the time of day for people, a full ISO 8601 instant in JSON.</summary>
    public static ILoggingBuilder AddConsoleTimestamps(this ILoggingBuilder logging)
    {
        logging.Services.PostConfigure<SimpleConsoleFormatterOptions>(o => o.TimestampFormat ??= "HH:mm:ss ");
        logging.Services.PostConfigure<JsonConsoleFormatterOptions>(o => o.TimestampFormat ??= "O");
        return logging;
    }
}
