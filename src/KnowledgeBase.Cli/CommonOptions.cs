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

    public static Option<string?> Embedder() => new("--embedder")
    {
        Description = "Dense embedder: none (default), minilm (packaged English model), onnx:DIR, or openai:BASE_URL#MODEL (key from KB_EMBEDDING_API_KEY). Overrides KnowledgeBase:Embedder.",
        HelpName = "SPEC",
    };

    /// <summary>The configuration override for an --embedder value (nothing when the option was not given).</summary>
    public static Dictionary<string, string?> EmbedderOverride(string? spec) =>
        spec is null ? [] : new() { ["KnowledgeBase:Embedder"] = spec };

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Log progress details (JSON lines on stderr)." };
}

/// <summary>Process exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int PartialFailure = 3;
}
