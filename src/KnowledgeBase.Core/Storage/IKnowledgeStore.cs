using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;

namespace KnowledgeBase.Storage;

/// <summary>
/// The store seam: documents, their pages and passages, and the indexes that retrieve them.
/// Implemented by the embedded SQLite store and by the Qdrant store; both must pass the same behavioural suite.
/// </summary>
public interface IKnowledgeStore
{
    /// <summary>Writes a document with its pages, passages (and vectors) atomically, replacing any earlier version with the same id.</summary>
    Task UpsertAsync(DocumentSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes several documents as <see cref="UpsertAsync"/> would, one after the other (a later submission with the same
    /// id replaces an earlier one). Bulk loads call this so a store can write the batch in one go; a store that cannot
    /// writes them one by one.
    /// </summary>
    async Task UpsertManyAsync(IReadOnlyList<DocumentSubmission> submissions, CancellationToken cancellationToken = default)
    {
        foreach (var submission in submissions) await UpsertAsync(submission, cancellationToken);
    }

    /// <summary>Removes a document and exactly its passages. Returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>The document with this id if the scope may see it.</summary>
    Task<DocumentRecord?> GetDocumentAsync(string documentId, AccessScope scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// A document holding exactly these bytes that <paramref name="scope"/> may see (the smallest id when several do), or
    /// null. Ingest links a file to such a twin instead of storing it again; a twin the submitter may not see is not
    /// one (the submitter gets a document of its own), so several documents can hold the same bytes.
    /// </summary>
    Task<DocumentRecord?> FindByContentHashAsync(string contentHash, AccessScope scope, CancellationToken cancellationToken = default);

    /// <summary>Passages of a document in order, if the scope may see the document.</summary>
    Task<IReadOnlyList<Passage>> GetPassagesAsync(string documentId, AccessScope scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// The extracted text of the document's pages in page order — the text its passages were cut from — or only page
    /// <paramref name="page"/>; empty when the scope may not see the document (or it, or that page, does not exist).
    /// </summary>
    Task<IReadOnlyList<DocumentPage>> GetPagesAsync(string documentId, AccessScope scope, int? page = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs each signal of <paramref name="query"/> as its own ranked query with <paramref name="filter"/> applied inside it,
    /// and returns the union of the top <paramref name="limitPerSignal"/> of each, with the rank each signal gave.
    /// </summary>
    Task<IReadOnlyList<PassageCandidate>> RetrieveAsync(RetrievalQuery query, SearchFilter filter, int limitPerSignal, CancellationToken cancellationToken = default);

    /// <summary>Counts for <c>kb stats</c>.</summary>
    Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Throws <see cref="StaleIndexException"/> when the index was built by another text analysis than this process runs,
    /// so searches would be refused (readiness checks report it). Stores without such an index do nothing.
    /// </summary>
    Task EnsureIndexCurrentAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>Counts of what a store holds.</summary>
public sealed record StoreStatistics(int Documents, int Passages);
