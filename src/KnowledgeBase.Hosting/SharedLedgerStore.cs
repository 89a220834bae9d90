using KnowledgeBase.Configuration;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KnowledgeBase.Hosting;

/// <summary>
/// The embedded store records a document's source in its own database, in the transaction that writes the document.
/// With the state in PostgreSQL the shared ledger is the one ingest reads, so this wrapper records the source there too,
/// after the write, and forgets a deleted document's sources. A crash between the two leaves the document stored and
/// its source unrecorded; the next ingest of the file finds the document by its content hash and records the source then.
/// </summary>
internal sealed class SharedLedgerStore(IKnowledgeStore inner, IIngestLedger ledger) : IKnowledgeStore
{
    public IKnowledgeStore Inner => inner;

    public async Task UpsertAsync(DocumentSubmission submission, CancellationToken cancellationToken = default)
    {
        await inner.UpsertAsync(submission, cancellationToken);
        await RecordAsync(submission, cancellationToken);
    }

    public async Task UpsertManyAsync(IReadOnlyList<DocumentSubmission> submissions, CancellationToken cancellationToken = default)
    {
        await inner.UpsertManyAsync(submissions, cancellationToken);
        foreach (var submission in submissions) await RecordAsync(submission, cancellationToken);
    }

    private Task RecordAsync(DocumentSubmission submission, CancellationToken cancellationToken)
    {
        var document = submission.Document;
        return ledger.AddSourceAsync(new SourceState(document.Source, document.Id, document.ContentHash), cancellationToken);
    }

    public async Task<bool> DeleteAsync(string documentId, CancellationToken cancellationToken = default)
    {
        var existed = await inner.DeleteAsync(documentId, cancellationToken);
        foreach (var source in await ledger.GetSourcesAsync(documentId, cancellationToken))
            await ledger.RemoveSourceAsync(source, cancellationToken);
        return existed;
    }

    public Task<DocumentRecord?> GetDocumentAsync(string documentId, AccessScope scope, CancellationToken cancellationToken = default) =>
        inner.GetDocumentAsync(documentId, scope, cancellationToken);

    public Task<DocumentRecord?> FindByContentHashAsync(string contentHash, AccessScope scope, CancellationToken cancellationToken = default) =>
        inner.FindByContentHashAsync(contentHash, scope, cancellationToken);

    public Task<IReadOnlyList<Passage>> GetPassagesAsync(string documentId, AccessScope scope, CancellationToken cancellationToken = default) =>
        inner.GetPassagesAsync(documentId, scope, cancellationToken);

    public Task<IReadOnlyList<DocumentPage>> GetPagesAsync(string documentId, AccessScope scope, int? page = null, CancellationToken cancellationToken = default) =>
        inner.GetPagesAsync(documentId, scope, page, cancellationToken);

    public Task<IReadOnlyList<PassageCandidate>> RetrieveAsync(RetrievalQuery query, SearchFilter filter, int limitPerSignal, CancellationToken cancellationToken = default) =>
        inner.RetrieveAsync(query, filter, limitPerSignal, cancellationToken);

    public Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => inner.GetStatisticsAsync(cancellationToken);
    public Task EnsureIndexCurrentAsync(CancellationToken cancellationToken = default) => inner.EnsureIndexCurrentAsync(cancellationToken);
}

internal static class SharedLedgerRegistration
{
    /// <summary>
    /// With <c>State=Postgres</c> and the embedded store, wraps the store in <see cref="SharedLedgerStore"/>. (The Qdrant
    /// store records sources through the registered ledger itself.)
    /// </summary>
    public static IServiceCollection KeepSharedLedgerInStepIfNeeded(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(KnowledgeBaseOptions.Section);
        if (!string.Equals(section[nameof(KnowledgeBaseOptions.State)], StateRegistration.Postgres, StringComparison.OrdinalIgnoreCase)) return services;
        if (string.Equals(section[nameof(KnowledgeBaseOptions.Store)], "Qdrant", StringComparison.OrdinalIgnoreCase)) return services;
        services.Replace(ServiceDescriptor.Singleton<IKnowledgeStore>(sp =>
            new SharedLedgerStore(sp.GetRequiredService<SqliteKnowledgeStore>(), sp.GetRequiredService<IIngestLedger>())));
        return services;
    }
}
