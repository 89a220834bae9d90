namespace KnowledgeBase.Configuration;

/// <summary>Top-level settings (section <c>KnowledgeBase</c>).</summary>
public sealed class KnowledgeBaseOptions
{
    public const string Section = "KnowledgeBase";

    /// <summary>The data directory of the embedded store (database, original files).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Which store holds passages: <c>Embedded</c> (default) or <c>Qdrant</c>.</summary>
    public string Store { get; set; } = "Embedded";

    /// <summary>
    /// Where the state all processes share lives (ingest queue, ingest ledger, API keys, kept originals): <c>Embedded</c>
    /// (default: the data directory) or <c>Postgres</c> (<c>KnowledgeBase:Postgres:ConnectionString</c>).
    /// </summary>
    public string State { get; set; } = "Embedded";
}
