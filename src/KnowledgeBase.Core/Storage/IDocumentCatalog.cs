using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;

namespace KnowledgeBase.Storage;

/// <summary>One page of a document listing and how many documents match in all.</summary>
public sealed record DocumentList(int Total, int Offset, int Limit, IReadOnlyList<DocumentRecord> Documents);

/// <summary>Orders of a document listing.</summary>
public enum DocumentSort
{
    /// <summary>When the document was ingested.</summary>
    Ingested,
    /// <summary>The document's own year (metadata); documents without one come last.</summary>
    Year,
    Title,
}

/// <summary>
/// A page of the document listing: the filter (with the caller's access scope inside it), a title search, an order,
/// and optionally only the documents waiting for review (or only the published ones).
/// </summary>
public sealed record DocumentListRequest(SearchFilter Filter, int Offset = 0, int Limit = 20)
{
    /// <summary>At most this many documents in one page of the listing (every store caps <see cref="Limit"/> here).</summary>
    public const int MaxLimit = 200;

    /// <summary>Case-insensitive substring of the title; null or empty lists every document.</summary>
    public string? TitleContains { get; init; }
    public DocumentSort Sort { get; init; } = DocumentSort.Ingested;
    public bool Ascending { get; init; }
    public bool? PendingReview { get; init; }
}

/// <summary>A facet value and how many visible documents carry it.</summary>
public sealed record FacetValue(string Value, int Count);

/// <summary>Counts of documents per value of each filterable field, among the documents a filter (and query) lets through.</summary>
/// <param name="Documents">How many distinct documents match.</param>
/// <param name="Passages">How many passages match (equal to the number of passages of those documents when there is no query).</param>
public sealed record DocumentFacets(
    int Documents,
    int Passages,
    IReadOnlyList<FacetValue> Organisations,
    IReadOnlyList<FacetValue> Types,
    IReadOnlyList<FacetValue> Tags,
    IReadOnlyList<FacetValue> Languages,
    IReadOnlyList<FacetValue> Years)
{
    /// <summary>At most this many values are returned per facet, the most frequent first, ties by value (ordinal).</summary>
    public const int MaxValues = 50;

    /// <summary>
    /// The years the matching passages speak about (<see cref="Retrieval.SearchFilter.PassageYears"/>), each counting
    /// <b>passages</b>, not documents: how many of the <see cref="Passages"/> speak about that year. A passage that
    /// speaks of several years counts under each. The other facets count documents by the document's own fields.
    /// </summary>
    public IReadOnlyList<FacetValue> PassageYears { get; init; } = [];
}

/// <summary>
/// Browsing the documents a caller may see: listings with filters and paging, and facet counts. Like search,
/// the access filter is part of the query that lists and counts, so invisible documents are never counted.
/// </summary>
public interface IDocumentCatalog
{
    /// <summary>Documents matching the request, in its order (ties broken by id), with the total that match.</summary>
    Task<DocumentList> ListAsync(DocumentListRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Facet counts over the documents matching <paramref name="filter"/>; when <paramref name="query"/> is given, only
    /// documents with at least one passage the query's lexical signals match are counted.
    /// </summary>
    Task<DocumentFacets> FacetsAsync(SearchFilter filter, RetrievalQuery? query, CancellationToken cancellationToken = default);

    /// <summary>A passage by id, if the filter's scope may see its document.</summary>
    Task<Passage?> GetPassageAsync(string passageId, SearchFilter filter, CancellationToken cancellationToken = default);
}

/// <summary>Staff review of partner uploads.</summary>
public interface IDocumentReview
{
    /// <summary>Clears the pending-review mark (a no-op for an approved document); false when the document does not exist.</summary>
    Task<bool> ApproveAsync(string documentId, CancellationToken cancellationToken = default);
}
