using KnowledgeBase.Configuration;
using KnowledgeBase.Embeddings;
using KnowledgeBase.Ingestion.Worker;
using KnowledgeBase.Jobs;
using KnowledgeBase.Storage.Embedded.Lexical;
using KnowledgeBase.Storage.Embedded.Vectors;
using KnowledgeBase.Storage.Qdrant;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Hosting.Configuration;

/// <summary><c>KnowledgeBase:DataDirectory</c>, <c>KnowledgeBase:Store</c> and <c>KnowledgeBase:State</c>.</summary>
internal sealed class KnowledgeBaseOptionsValidation : IValidateOptions<KnowledgeBaseOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeBaseOptions o) => new SettingChecks(KnowledgeBaseOptions.Section)
        .Required(o.DataDirectory, nameof(o.DataDirectory))
        .OneOf(o.Store, nameof(o.Store), "Embedded", "Qdrant")
        .OneOf(o.State, nameof(o.State), StateRegistration.Embedded, StateRegistration.Postgres)
        .Result;
}

/// <summary><c>KnowledgeBase:Ingest</c>: limits and passage sizes.</summary>
internal sealed class IngestOptionsValidation : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions o) => new SettingChecks("KnowledgeBase:Ingest")
        .Positive(o.MaxFileBytes, nameof(o.MaxFileBytes))
        .Positive(o.ParseTimeout, nameof(o.ParseTimeout))
        .Positive(o.MaxPages, nameof(o.MaxPages))
        .Positive(o.TargetPassageChars, nameof(o.TargetPassageChars))
        .That(o.MaxPassageChars >= o.TargetPassageChars, nameof(o.MaxPassageChars), $"must be at least TargetPassageChars ({o.TargetPassageChars})", o.MaxPassageChars)
        .That(o.HardMaxPassageChars >= o.MaxPassageChars, nameof(o.HardMaxPassageChars), $"must be at least MaxPassageChars ({o.MaxPassageChars})", o.HardMaxPassageChars)
        .That(o.OverlapChars >= 0 && o.OverlapChars < o.TargetPassageChars, nameof(o.OverlapChars), $"must be at least 0 and below TargetPassageChars ({o.TargetPassageChars})", o.OverlapChars)
        .Result;
}

/// <summary><c>KnowledgeBase:Retrieval</c>: fusion and page size.</summary>
internal sealed class RetrievalOptionsValidation : IValidateOptions<RetrievalOptions>
{
    public ValidateOptionsResult Validate(string? name, RetrievalOptions o)
    {
        var checks = new SettingChecks("KnowledgeBase:Retrieval")
            .That(o.RrfK >= 0 && double.IsFinite(o.RrfK), nameof(o.RrfK), "must be 0 or more", o.RrfK)
            .Positive(o.CandidatesPerSignal, nameof(o.CandidatesPerSignal))
            .Positive(o.MaxTop, nameof(o.MaxTop));
        foreach (var (signal, weight) in o.Weights) checks.That(weight >= 0 && double.IsFinite(weight), $"Weights:{signal}", "must be 0 or more", weight);
        return checks.Result;
    }
}

/// <summary><c>KnowledgeBase:Lexical</c>: BM25 parameters and the postings cache.</summary>
internal sealed class LexicalOptionsValidation : IValidateOptions<LexicalOptions>
{
    public ValidateOptionsResult Validate(string? name, LexicalOptions o) => new SettingChecks("KnowledgeBase:Lexical")
        .That(o.K1 >= 0 && float.IsFinite(o.K1), nameof(o.K1), "must be 0 or more", o.K1)
        .Between(o.B, 0, 1, nameof(o.B))
        .NotNegative(o.PostingsCacheBytes, nameof(o.PostingsCacheBytes))
        .Result;
}

/// <summary><c>KnowledgeBase:Queue</c>: attempts and retry back-off.</summary>
internal sealed class IngestQueueOptionsValidation : IValidateOptions<IngestQueueOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestQueueOptions o) => new SettingChecks("KnowledgeBase:Queue")
        .Positive(o.MaxAttempts, nameof(o.MaxAttempts))
        .NotNegative(o.RetryBaseDelay, nameof(o.RetryBaseDelay))
        .That(o.MaxRetryDelay >= o.RetryBaseDelay, nameof(o.MaxRetryDelay), $"must be at least RetryBaseDelay ({o.RetryBaseDelay})", o.MaxRetryDelay)
        .Result;
}

/// <summary><c>KnowledgeBase:Worker</c>: concurrency, leases, heartbeat.</summary>
internal sealed class IngestWorkerOptionsValidation : IValidateOptions<IngestWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestWorkerOptions o) => new SettingChecks("KnowledgeBase:Worker")
        .Positive(o.Concurrency, nameof(o.Concurrency))
        .Positive(o.LeaseDuration, nameof(o.LeaseDuration))
        .Positive(o.PollInterval, nameof(o.PollInterval))
        .NotNegative(o.WatchStableFor, nameof(o.WatchStableFor))
        .Positive(o.WatchRescanInterval, nameof(o.WatchRescanInterval))
        .NotNegative(o.MemoryLimitMiB, nameof(o.MemoryLimitMiB))
        .Positive(o.MemoryCheckInterval, nameof(o.MemoryCheckInterval))
        .Positive(o.ProgressInterval, nameof(o.ProgressInterval))
        .Positive(o.HeartbeatInterval, nameof(o.HeartbeatInterval))
        .That(o.StallTimeout > 3 * o.HeartbeatInterval, nameof(o.StallTimeout), $"must be longer than three heartbeats (3 × HeartbeatInterval {o.HeartbeatInterval})", o.StallTimeout)
        .Result;
}

/// <summary><c>KnowledgeBase:Embedding</c>: batching, retries and time-outs of the embedder.</summary>
internal sealed class EmbeddingOptionsValidation : IValidateOptions<EmbeddingOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddingOptions o) => new SettingChecks(EmbeddingOptions.Section)
        .NotNegative(o.Threads, nameof(o.Threads))
        .Positive(o.BatchSize, nameof(o.BatchSize))
        .NotNegative(o.MaxTokens, nameof(o.MaxTokens))
        .NotNegative(o.Retries, nameof(o.Retries))
        .NotNegative(o.RetryDelay, nameof(o.RetryDelay))
        .Positive(o.RequestTimeout, nameof(o.RequestTimeout))
        .NotNegative(o.Dimensions, nameof(o.Dimensions))
        .Result;
}

/// <summary><c>KnowledgeBase:Vectors</c>: the HNSW graph.</summary>
internal sealed class VectorIndexOptionsValidation : IValidateOptions<VectorIndexOptions>
{
    public ValidateOptionsResult Validate(string? name, VectorIndexOptions o) => new SettingChecks(VectorIndexOptions.Section)
        .NotNegative(o.HnswThreshold, nameof(o.HnswThreshold))
        .Positive(o.Connectivity, nameof(o.Connectivity))
        .Positive(o.ExpansionAdd, nameof(o.ExpansionAdd))
        .Positive(o.ExpansionSearch, nameof(o.ExpansionSearch))
        .NotNegative(o.BuildThreads, nameof(o.BuildThreads))
        .NotNegative(o.ExactBelowAllowed, nameof(o.ExactBelowAllowed))
        .Result;
}

/// <summary><c>KnowledgeBase:Qdrant</c>, checked only when the store is Qdrant.</summary>
internal sealed class QdrantOptionsValidation : IValidateOptions<QdrantOptions>
{
    public ValidateOptionsResult Validate(string? name, QdrantOptions o) => new SettingChecks(QdrantOptions.Section)
        .HttpUrl(o.Url, nameof(o.Url))
        .Required(o.Collection, nameof(o.Collection))
        .Positive(o.Timeout, nameof(o.Timeout))
        .Positive(o.UpsertBatchSize, nameof(o.UpsertBatchSize))
        .That(o.DenseVectorSize is null or > 0, nameof(o.DenseVectorSize), "must be greater than 0 when set", o.DenseVectorSize)
        .Result;
}
