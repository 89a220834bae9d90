using System.Text.Json;
using System.Text.Json.Serialization;

namespace KnowledgeBase.Embeddings.Onnx;

/// <summary>How token vectors become one sentence vector.</summary>
public enum Pooling
{
    /// <summary>The first token's vector ([CLS] / &lt;s&gt;), as bge models are trained.</summary>
    Cls,
    /// <summary>The attention-masked mean of all token vectors, as sentence-transformers and e5 models are trained.</summary>
    Mean,
}

/// <summary>Which tokenizer file a model folder holds.</summary>
public enum TokenizerKind
{
    /// <summary>Decided by the files present: <c>vocab.txt</c> → WordPiece, <c>sentencepiece.bpe.model</c> → SentencePiece.</summary>
    Auto,
    /// <summary>BERT WordPiece over <c>vocab.txt</c>, each Han character its own token.</summary>
    WordPiece,
    /// <summary>XLM-RoBERTa SentencePiece over <c>sentencepiece.bpe.model</c> with fairseq ids.</summary>
    SentencePiece,
}

/// <summary>
/// The contents of a model folder's <c>embedder.json</c>. Every property is optional: missing values come from the
/// preset named by <see cref="Preset"/> or recognised in the folder name, then from the generic defaults.
/// </summary>
public sealed record EmbedderSettings
{
    public const string FileName = "embedder.json";

    /// <summary>A built-in preset to start from (see <see cref="Presets"/>).</summary>
    public string? Preset { get; init; }
    /// <summary>The identity recorded with the vector index; defaults to the preset or folder name.</summary>
    public string? ModelId { get; init; }
    public Pooling? Pooling { get; init; }
    /// <summary>Whether vectors are scaled to length 1 (the vector index assumes they are; it normalises again anyway).</summary>
    public bool? Normalize { get; init; }
    /// <summary>Longest input in tokens, special tokens included; longer text is cut at the end.</summary>
    public int? MaxTokens { get; init; }
    public string? QueryPrefix { get; init; }
    public string? PassagePrefix { get; init; }
    /// <summary>Expected vector size; checked against the model output when set.</summary>
    public int? Dimension { get; init; }
    public TokenizerKind? Tokenizer { get; init; }
    /// <summary>Whether WordPiece lower-cases and strips accents first (uncased models).</summary>
    public bool? LowerCase { get; init; }
    /// <summary>The model output holding token vectors; defaults to <c>last_hidden_state</c> or the first output.</summary>
    public string? OutputName { get; init; }

    /// <summary>Built-in presets for models a deployment is likely to run.</summary>
    public static IReadOnlyDictionary<string, EmbedderSettings> Presets { get; } = new Dictionary<string, EmbedderSettings>(StringComparer.OrdinalIgnoreCase)
    {
        ["bge-small-zh-v1.5"] = new()
        {
            ModelId = "BAAI/bge-small-zh-v1.5", Pooling = Onnx.Pooling.Cls, Normalize = true, MaxTokens = 512, Dimension = 512,
            QueryPrefix = "为这个句子生成表示以用于检索相关文章：", PassagePrefix = "", Tokenizer = TokenizerKind.WordPiece, LowerCase = true,
        },
        // bge-m3 accepts 8192 tokens; passages here are ~500 characters, and attention cost grows with the square of length.
        ["bge-m3"] = new()
        {
            ModelId = "BAAI/bge-m3", Pooling = Onnx.Pooling.Cls, Normalize = true, MaxTokens = 512, Dimension = 1024,
            QueryPrefix = "", PassagePrefix = "", Tokenizer = TokenizerKind.SentencePiece,
        },
        ["multilingual-e5-small"] = new()
        {
            ModelId = "intfloat/multilingual-e5-small", Pooling = Onnx.Pooling.Mean, Normalize = true, MaxTokens = 512, Dimension = 384,
            QueryPrefix = "query: ", PassagePrefix = "passage: ", Tokenizer = TokenizerKind.SentencePiece,
        },
        ["all-MiniLM-L6-v2"] = new()
        {
            ModelId = "sentence-transformers/all-MiniLM-L6-v2", Pooling = Onnx.Pooling.Mean, Normalize = true, MaxTokens = 256, Dimension = 384,
            QueryPrefix = "", PassagePrefix = "", Tokenizer = TokenizerKind.WordPiece, LowerCase = true,
        },
    };

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// The effective settings of a model folder: its <c>embedder.json</c> over the preset it names (or whose name
    /// the folder name contains) over generic defaults.
    /// </summary>
    public static EmbedderSettings ForFolder(string folder)
    {
        var file = Path.Combine(folder, FileName);
        EmbedderSettings own;
        try
        {
            own = File.Exists(file) ? JsonSerializer.Deserialize<EmbedderSettings>(File.ReadAllText(file), Json) ?? new() : new();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not valid: {e.Message}", e);
        }
        var folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        EmbedderSettings? preset = null;
        if (own.Preset is { Length: > 0 } named && !Presets.TryGetValue(named, out preset))
            throw new InvalidDataException($"{file} names preset '{named}'; known presets: {string.Join(", ", Presets.Keys)}");
        preset ??= Presets.Where(p => folderName.Contains(p.Key, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => p.Key.Length).Select(p => p.Value).FirstOrDefault();
        return own.Over(preset ?? new EmbedderSettings { ModelId = folderName }).WithDefaults(folderName);
    }

    /// <summary>These settings, with gaps filled from <paramref name="fallback"/>.</summary>
    public EmbedderSettings Over(EmbedderSettings fallback) => new()
    {
        Preset = Preset ?? fallback.Preset,
        ModelId = ModelId ?? fallback.ModelId,
        Pooling = Pooling ?? fallback.Pooling,
        Normalize = Normalize ?? fallback.Normalize,
        MaxTokens = MaxTokens ?? fallback.MaxTokens,
        QueryPrefix = QueryPrefix ?? fallback.QueryPrefix,
        PassagePrefix = PassagePrefix ?? fallback.PassagePrefix,
        Dimension = Dimension ?? fallback.Dimension,
        Tokenizer = Tokenizer ?? fallback.Tokenizer,
        LowerCase = LowerCase ?? fallback.LowerCase,
        OutputName = OutputName ?? fallback.OutputName,
    };

    /// <summary>Fills every remaining gap with generic defaults (mean pooling, normalised, 512 tokens, no prefixes).</summary>
    public EmbedderSettings WithDefaults(string fallbackModelId) => Over(new EmbedderSettings
    {
        ModelId = fallbackModelId, Pooling = Onnx.Pooling.Mean, Normalize = true, MaxTokens = 512,
        QueryPrefix = "", PassagePrefix = "", Tokenizer = TokenizerKind.Auto, LowerCase = true,
    });
}
