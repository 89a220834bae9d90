namespace KnowledgeBase.Storage;

/// <summary>What ingest knows about a source file: the document it became and the bytes it had.</summary>
public sealed record SourceState(string Source, string DocumentId, string ContentHash);

/// <summary>An ingest failure kept for reporting (<c>kb stats</c>, <c>kb status</c>).</summary>
public sealed record IngestFailureRecord(string Source, string ContentHash, string Kind, string Reason, DateTimeOffset At);

/// <summary>
/// Ingest state kept beside the store: which source produced which document, and which sources failed.
/// Stores record a document's own source inside <see cref="IKnowledgeStore.UpsertAsync"/>, in the same transaction.
/// </summary>
public interface IIngestLedger
{
    Task<SourceState?> GetSourceAsync(string source, CancellationToken cancellationToken = default);

    /// <summary>Records that a source holds the same bytes as an existing document.</summary>
    Task AddSourceAsync(SourceState state, CancellationToken cancellationToken = default);

    /// <summary>Forgets a source (e.g. a file removed from a watch folder); returns the document it pointed at.</summary>
    Task<string?> RemoveSourceAsync(string source, CancellationToken cancellationToken = default);

    /// <summary>Sources that point at a document.</summary>
    Task<IReadOnlyList<string>> GetSourcesAsync(string documentId, CancellationToken cancellationToken = default);

    Task RecordFailureAsync(IngestFailureRecord failure, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IngestFailureRecord>> GetFailuresAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>The recorded failure of one source, if its latest ingest failed.</summary>
    async Task<IngestFailureRecord?> GetFailureAsync(string source, CancellationToken cancellationToken = default) =>
        (await GetFailuresAsync(await CountFailuresAsync(cancellationToken), cancellationToken)).FirstOrDefault(f => f.Source == source);

    Task<int> CountFailuresAsync(CancellationToken cancellationToken = default);
}
