using System.CommandLine;

namespace KnowledgeBase.Cli;

/// <summary>Options several verbs share.</summary>
internal static class CommonOptions
{
    /// <param name="creates">The verb writes and creates the knowledge base when the folder holds none; read verbs refuse such a folder.</param>
    public static Option<string> Data(bool creates = false) => new("--data")
    {
        Description = creates
            ? "Data directory of the knowledge base, relative to the current folder (created if missing)."
            : "Data directory of the knowledge base, relative to the current folder (must hold one: run kb ingest first).",
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

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Log progress details on stderr (readable lines; JSON with KB_Logging__Console__FormatterName=json)." };
}

/// <summary>Process exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int PartialFailure = 3;
}
