namespace KnowledgeBase.Embeddings;

/// <summary>Tuning of the embedder (section <c>KnowledgeBase:Embedding</c>); which embedder runs is <see cref="EmbedderSpec.ConfigurationKey"/>.</summary>
public sealed class EmbeddingOptions
{
    public const string Section = "KnowledgeBase:Embedding";

    /// <summary>Threads ONNX Runtime may use inside one model run (0 = number of cores, at most 4).</summary>
    public int Threads { get; set; }

    /// <summary>Passages per model run (ONNX) or per request (endpoint).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Overrides the model's token limit (0 = the model's own, from <c>embedder.json</c> or its preset).</summary>
    public int MaxTokens { get; set; }

    /// <summary>Environment variables tried, in order, for the endpoint key.</summary>
    public List<string> ApiKeyVariables { get; set; } = ["KB_EMBEDDING_API_KEY", "OPENAI_API_KEY"];

    /// <summary>Retries of a request that got 429 or 5xx, with exponential backoff and jitter.</summary>
    public int Retries { get; set; } = 4;

    /// <summary>First retry delay; later ones double (a Retry-After header wins).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one endpoint request may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Text put before a query for an endpoint model that expects one (e.g. "query: " for e5 served by TEI).</summary>
    public string QueryPrefix { get; set; } = "";

    /// <summary>Text put before a passage for an endpoint model that expects one.</summary>
    public string PassagePrefix { get; set; } = "";

    /// <summary>Endpoint vector size when known in advance (0 = ask the endpoint once).</summary>
    public int Dimensions { get; set; }
}
