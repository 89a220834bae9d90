using System.CommandLine;

namespace KnowledgeBase.Cli;

/// <summary>Options several verbs share.</summary>
internal static class CommonOptions
{
    public static Option<string> Data() => new("--data")
    {
        Description = "Data directory of the embedded store (created if missing).",
        DefaultValueFactory = _ => "data",
        HelpName = "DIR",
    };

    public static Option<bool> Json(string what) => new("--json") { Description = $"Print {what} as JSON on stdout." };

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Log progress details (JSON lines on stderr)." };
}

/// <summary>Process exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int PartialFailure = 3;
}
