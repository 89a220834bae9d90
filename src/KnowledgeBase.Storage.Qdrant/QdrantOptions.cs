namespace KnowledgeBase.Storage.Qdrant;

/// <summary>
/// Connection and collection settings of the Qdrant store (section <c>KnowledgeBase:Qdrant</c>); used when
/// <c>KnowledgeBase:Store</c> is <c>Qdrant</c>. Shard, replication and write-consistency settings are passed to
/// Qdrant only when the collection is created; changing them later needs Qdrant's own cluster operations.
/// </summary>
public sealed class QdrantOptions
{
    public const string Section = "KnowledgeBase:Qdrant";

    /// <summary>gRPC endpoint (port 6334, not the 6333 REST port). <c>https://</c> turns TLS on.</summary>
    public string Url { get; set; } = "http://localhost:6334";

    /// <summary>API key sent with every call (Qdrant's <c>service.api_key</c>); keep it in an environment variable or secret store, never in the repository.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Forces TLS even when <see cref="Url"/> says <c>http://</c>.</summary>
    public bool UseTls { get; set; }

    /// <summary>SHA-256 thumbprint of a self-signed server certificate to trust (TLS only).</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>One collection per knowledge base.</summary>
    public string Collection { get; set; } = "knowledgebase";

    /// <summary>Shards to create the collection with; null leaves it to Qdrant (one per node).</summary>
    public uint? ShardNumber { get; set; }

    /// <summary>Copies of each shard (cluster mode); null leaves Qdrant's default of 1.</summary>
    public uint? ReplicationFactor { get; set; }

    /// <summary>Replicas that must confirm a write; null leaves Qdrant's default of 1.</summary>
    public uint? WriteConsistencyFactor { get; set; }

    /// <summary>
    /// Size of the named dense vector <c>dense</c>; null (no embedder configured) creates a collection with the
    /// sparse lexical vectors only. Checked against an existing collection at start-up.
    /// </summary>
    public int? DenseVectorSize { get; set; }

    /// <summary>Name of the embedding model that produced the dense vectors; recorded in the collection's metadata and checked at start-up.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>Deadline of each gRPC call.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Points sent per upsert request (a document's passages are split into batches of this size).</summary>
    public int UpsertBatchSize { get; set; } = 256;
}
