using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace KnowledgeBase.Storage.Qdrant;

/// <summary>
/// Creates the collection with the store's vectors and payload indexes, or checks that an existing one matches
/// the configuration, failing with a reason a user can act on.
/// </summary>
public static class QdrantCollectionSchema
{
    /// <summary>
    /// Version of the point layout (payload fields, term hashing), recorded in the collection metadata; a collection of
    /// another version is refused. This layout includes the passages' term arrays and the document points' listing key,
    /// which the catalog and the term statistics read, and the passages' resolved times (<see cref="QdrantPayload.AddTime"/>),
    /// which the time signals filter on.
    /// </summary>
    public const int Version = 3;

    public const string WordsVector = "words";
    public const string BigramsVector = "bigrams";
    public const string DenseVector = "dense";

    public const string MetaSchema = "kb_schema";
    public const string MetaModel = "embedding_model";
    public const string MetaDenseSize = "dense_size";
    /// <summary>The text analysis that wrote the collection's sparse vectors, term arrays and phrase text (<see cref="Text.TextAnalyzer.Fingerprint"/>).</summary>
    public const string MetaAnalysis = "analysis_fingerprint";

    /// <summary>Keyword-indexed payload fields: every field a filter or a delete condition names.</summary>
    public static readonly IReadOnlyList<string> KeywordFields =
    [
        QdrantPayload.Kind, QdrantPayload.DocumentId, QdrantPayload.Generation, QdrantPayload.ContentHash,
        QdrantPayload.Visibility, QdrantPayload.SharedWith, QdrantPayload.OwnerOrganisation,
        QdrantPayload.Organisation, QdrantPayload.DocumentType, QdrantPayload.Tags, QdrantPayload.Language,
    ];

    /// <summary>
    /// Keyword-indexed term arrays of passage points (hundreds of values per point): their indexes are kept on disk and
    /// cached with use (<see cref="Memory.Cold"/>), because they duplicate the sparse vectors' postings and are read only
    /// to count (facets under a query, term statistics).
    /// </summary>
    public static readonly IReadOnlyList<string> TermFields = [QdrantPayload.WordTerms, QdrantPayload.BigramTerms];

    /// <summary>
    /// Integer fields: filtered by range or value (year, a page's number, the passages' resolved years), and <see cref="QdrantPayload.IngestedTicks"/>
    /// ordered by (order_by needs the range index).
    /// </summary>
    public static readonly IReadOnlyList<string> IntegerFields =
    [
        QdrantPayload.Year, QdrantPayload.PageNumber, QdrantPayload.IngestedTicks,
        QdrantPayload.TimeDocumentYear, QdrantPayload.TimeYears, QdrantPayload.TimeYearSpans,
    ];

    public static readonly IReadOnlyList<string> BoolFields = [QdrantPayload.PendingReview];

    /// <param name="analysisFingerprint">The fingerprint of the writing process's analysis chain, recorded in a new collection.</param>
    /// <returns>The analysis fingerprint recorded in the collection, or null for a collection created without one.</returns>
    public static async Task<string?> EnsureAsync(QdrantClient client, QdrantOptions options, string? analysisFingerprint, CancellationToken cancellationToken)
    {
        var name = options.Collection;
        if (!await client.CollectionExistsAsync(name, cancellationToken))
        {
            try
            {
                await client.CreateCollectionAsync(Creation(options, analysisFingerprint), cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
            {
                // Another worker created it between our check and our create; the check below covers it.
            }
        }
        var info = await client.GetCollectionInfoAsync(name, cancellationToken);
        Check(name, options, info);
        await EnsureIndexesAsync(client, name, cancellationToken);
        return RecordedAnalysis(info);
    }

    /// <summary>The analysis fingerprint in the collection's metadata, or null when it has none.</summary>
    public static string? RecordedAnalysis(CollectionInfo info) =>
        info.Config.Metadata.TryGetValue(MetaAnalysis, out var value) && value.KindCase == Value.KindOneofCase.StringValue ? value.StringValue : null;

    /// <summary>The creation request, with the cluster settings passed through.</summary>
    public static CreateCollection Creation(QdrantOptions options, string? analysisFingerprint = null)
    {
        var create = new CreateCollection { CollectionName = options.Collection };
        if (options.ShardNumber is { } shards) create.ShardNumber = shards;
        if (options.ReplicationFactor is { } replicas) create.ReplicationFactor = replicas;
        if (options.WriteConsistencyFactor is { } consistency) create.WriteConsistencyFactor = consistency;
        var sparse = new SparseVectorConfig();
        sparse.Map[WordsVector] = new SparseVectorParams { Modifier = Modifier.Idf };
        sparse.Map[BigramsVector] = new SparseVectorParams { Modifier = Modifier.Idf };
        create.SparseVectorsConfig = sparse;
        if (options.DenseVectorSize is { } size)
        {
            var map = new VectorParamsMap();
            map.Map[DenseVector] = new VectorParams { Size = (ulong)size, Distance = Distance.Cosine };
            create.VectorsConfig = new VectorsConfig { ParamsMap = map };
            create.Metadata[MetaDenseSize] = size;
        }
        create.Metadata[MetaSchema] = Version;
        if (options.EmbeddingModel is { Length: > 0 } model) create.Metadata[MetaModel] = model;
        if (analysisFingerprint is { Length: > 0 }) create.Metadata[MetaAnalysis] = analysisFingerprint;
        return create;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> when the collection does not match the configuration.</summary>
    public static void Check(string name, QdrantOptions options, CollectionInfo info)
    {
        var config = info.Config;
        var sparse = config.Params.SparseVectorsConfig?.Map;
        foreach (var vector in new[] { WordsVector, BigramsVector })
        {
            if (sparse is null || !sparse.TryGetValue(vector, out var p))
                throw new InvalidOperationException($"Qdrant collection '{name}' has no sparse vector '{vector}': it was not created by KnowledgeBase. Set KnowledgeBase:Qdrant:Collection to another name.");
            if (p.Modifier != Modifier.Idf)
                throw new InvalidOperationException($"Qdrant collection '{name}': sparse vector '{vector}' has modifier {p.Modifier}, expected Idf. Re-create the collection (kb migrate into a new collection name).");
        }
        if (config.Metadata.TryGetValue(MetaSchema, out var schema) && schema.KindCase == Value.KindOneofCase.IntegerValue && schema.IntegerValue != Version)
            throw new InvalidOperationException($"Qdrant collection '{name}' uses point layout version {schema.IntegerValue}; this build writes version {Version}. Migrate into a new collection.");

        ulong? existingSize = null;
        var vectors = config.Params.VectorsConfig;
        if (vectors?.ParamsMap?.Map is { } named && named.TryGetValue(DenseVector, out var dense)) existingSize = dense.Size;
        var existingModel = config.Metadata.TryGetValue(MetaModel, out var m) && m.KindCase == Value.KindOneofCase.StringValue ? m.StringValue : null;

        var configuredSize = options.DenseVectorSize is { } s ? (ulong)s : (ulong?)null;
        if (existingSize != configuredSize)
        {
            var have = existingSize is null ? "no dense vector" : $"a dense vector of size {existingSize}{(existingModel is null ? "" : $" (model '{existingModel}')")}";
            var want = configuredSize is null ? "no embedder is configured" : $"the configured embedder{(options.EmbeddingModel is null ? "" : $" '{options.EmbeddingModel}'")} produces size {configuredSize}";
            throw new InvalidOperationException(
                $"Qdrant collection '{name}' has {have}, but {want}. Point KnowledgeBase:Qdrant:Collection at a new collection and re-index (kb migrate), or configure the matching model.");
        }
        if (configuredSize is not null && options.EmbeddingModel is { Length: > 0 } configuredModel && existingModel is not null
            && !string.Equals(existingModel, configuredModel, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Qdrant collection '{name}' holds vectors of model '{existingModel}', but the configured model is '{configuredModel}' (same size {configuredSize}, different meaning). Use a new collection and re-index.");
        }
    }

    /// <summary>Creates the payload indexes; Qdrant treats re-creating an identical index as a no-op, so this runs at every start.</summary>
    public static async Task EnsureIndexesAsync(QdrantClient client, string name, CancellationToken cancellationToken)
    {
        foreach (var field in KeywordFields)
            await client.CreatePayloadIndexAsync(name, field, PayloadSchemaType.Keyword, cancellationToken: cancellationToken);
        foreach (var field in TermFields)
            await client.CreatePayloadIndexAsync(name, field, PayloadSchemaType.Keyword,
                new PayloadIndexParams { KeywordIndexParams = new KeywordIndexParams { Memory = Memory.Cold } }, cancellationToken: cancellationToken);
        foreach (var field in IntegerFields)
            await client.CreatePayloadIndexAsync(name, field, PayloadSchemaType.Integer, cancellationToken: cancellationToken);
        foreach (var field in BoolFields)
            await client.CreatePayloadIndexAsync(name, field, PayloadSchemaType.Bool, cancellationToken: cancellationToken);
        await client.CreatePayloadIndexAsync(name, QdrantPayload.PhraseTokens, PayloadSchemaType.Text,
            new PayloadIndexParams
            {
                TextIndexParams = new TextIndexParams { Tokenizer = TokenizerType.Whitespace, Lowercase = true, PhraseMatching = true },
            }, cancellationToken: cancellationToken);
    }
}
