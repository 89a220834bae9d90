using System.Globalization;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace KnowledgeBase.Storage.Qdrant;

/// <summary>
/// Document listings, facet counts and passage look-ups answered from the Qdrant collection: document points for
/// listings and facets, passage points (their term arrays) for what a query matches. Every request carries
/// <see cref="QdrantFilters.Build"/> with the caller's access scope, so nothing invisible is listed or counted. Results
/// equal the embedded catalog's: newest first with ties by id, facet values by count then value.
/// </summary>
public sealed class QdrantDocumentCatalog(QdrantKnowledgeStore store, QdrantClient client) : IDocumentCatalog
{
    /// <summary>
    /// Values asked of Qdrant per facet request, far above what is shown, so the values are ranked here over complete
    /// counts (Qdrant's own cut would need the same order for ties) and counts of several requests can be summed.
    /// </summary>
    private const ulong FacetHitLimit = 100_000;

    /// <summary>Document ids per facet request when faceting the documents a query matched (keeps requests small).</summary>
    private const int IdsPerRequest = 1_000;

    private static readonly (string Field, Func<DocumentFacetCounts, Dictionary<string, int>> Counts)[] FacetFields =
    [
        (QdrantPayload.Organisation, c => c.Organisations),
        (QdrantPayload.DocumentType, c => c.Types),
        (QdrantPayload.Tags, c => c.Tags),
        (QdrantPayload.Language, c => c.Languages),
        (QdrantPayload.Year, c => c.Years),
    ];

    private string Collection => store.Collection;

    /// <summary>
    /// The default listing (by ingest time, no title search) is an ordered scroll (see <see cref="ByIngestTimeAsync"/>).
    /// A title search or another order reads the matching document points (one small point per document) and orders
    /// them here as the embedded catalog's SQL does: Qdrant has no substring match and orders scrolls by numbers only.
    /// </summary>
    public async Task<DocumentList> ListAsync(DocumentListRequest request, CancellationToken cancellationToken = default)
    {
        var offset = Math.Max(0, request.Offset);
        var limit = Math.Clamp(request.Limit, 1, DocumentListRequest.MaxLimit);
        await store.EnsureCollectionAsync(cancellationToken);
        var documents = QdrantFilters.Build(request.Filter, QdrantPayload.KindDocument);
        if (request.PendingReview is { } pending) documents.Must.Add(Match(QdrantPayload.PendingReview, pending));
        if (string.IsNullOrEmpty(request.TitleContains) && request.Sort == DocumentSort.Ingested)
            return await ByIngestTimeAsync(documents, offset, limit, request.Ascending, cancellationToken);

        var listed = new List<(long Ticks, DocumentRecord Document)>();
        await foreach (var point in QdrantScroll.AllAsync(client, Collection, documents, QdrantPayload.Readable(), cancellationToken))
        {
            var document = QdrantPayload.ReadDocument(point.Payload);
            if (request.TitleContains is { Length: > 0 } title && !document.Title.Contains(title, StringComparison.OrdinalIgnoreCase)) continue;
            listed.Add((QdrantPayload.ReadIngestedTicks(point.Payload), document));
        }
        var sign = request.Ascending ? 1 : -1;
        Comparison<(long Ticks, DocumentRecord Document)> order = request.Sort switch
        {
            // Documents without a year last in either direction, then newest first.
            DocumentSort.Year => (a, b) =>
                (a.Document.Metadata.Year is null).CompareTo(b.Document.Metadata.Year is null) is var missing and not 0 ? missing
                : sign * Nullable.Compare(a.Document.Metadata.Year, b.Document.Metadata.Year) is var year and not 0 ? year
                : b.Ticks.CompareTo(a.Ticks),
            DocumentSort.Title => (a, b) => sign * StringComparer.OrdinalIgnoreCase.Compare(a.Document.Title, b.Document.Title),
            _ => (a, b) => sign * a.Ticks.CompareTo(b.Ticks),
        };
        listed.Sort((a, b) => order(a, b) is var c and not 0 ? c : StringComparer.Ordinal.Compare(a.Document.Id, b.Document.Id));
        return new DocumentList(listed.Count, offset, limit, listed.Skip(offset).Take(limit).Select(d => d.Document).ToList());
    }

    /// <summary>
    /// Qdrant orders a scroll by one payload key (<see cref="QdrantPayload.IngestedTicks"/>) and pages an ordered scroll
    /// only from the start, so this reads the first offset + limit documents, and when the last of them shares its
    /// ingest time with documents further on, those too: ties are then broken by id as the embedded catalog does.
    /// </summary>
    private async Task<DocumentList> ByIngestTimeAsync(Filter documents, int offset, int limit, bool ascending, CancellationToken cancellationToken)
    {
        var total = (int)await client.CountAsync(Collection, documents, exact: true, cancellationToken: cancellationToken);
        if (offset >= total) return new DocumentList(total, offset, limit, []);

        var wanted = Math.Min(offset + limit, total);
        var first = await client.ScrollAsync(Collection, documents, (uint)wanted, payloadSelector: true,
            orderBy: new OrderBy { Key = QdrantPayload.IngestedTicks, Direction = ascending ? Direction.Asc : Direction.Desc }, cancellationToken: cancellationToken);
        var listed = first.Result.Select(p => (Ticks: QdrantPayload.ReadIngestedTicks(p.Payload), Document: QdrantPayload.ReadDocument(p.Payload))).ToList();
        if (listed.Count == wanted && wanted < total)
        {
            var last = listed[^1].Ticks;
            var tied = documents.Clone();
            tied.Must.Add(Match(QdrantPayload.IngestedTicks, last));
            listed.RemoveAll(d => d.Ticks == last);
            await foreach (var point in QdrantScroll.AllAsync(client, Collection, tied, true, cancellationToken))
                listed.Add((last, QdrantPayload.ReadDocument(point.Payload)));
        }
        var ordered = ascending ? listed.OrderBy(d => d.Ticks) : listed.OrderByDescending(d => d.Ticks);
        var page = ordered.ThenBy(d => d.Document.Id, StringComparer.Ordinal).Skip(offset).Take(limit).Select(d => d.Document).ToList();
        return new DocumentList(total, offset, limit, page);
    }

    /// <summary>
    /// Without a query or passage constraint: counts and Qdrant facets over the visible document points. With a query
    /// (or <see cref="SearchFilter.PassageYears"/>): a facet on <see cref="QdrantPayload.DocumentId"/> over the visible
    /// passages the query matches gives the matched documents and their passage counts; the field facets then run over
    /// those documents' points. The passage-year facet is a facet on <see cref="QdrantPayload.TimeYears"/> over the same
    /// passages, so it counts passages.
    /// </summary>
    public async Task<DocumentFacets> FacetsAsync(SearchFilter filter, RetrievalQuery? query, CancellationToken cancellationToken = default)
    {
        var hasQuery = query is not null && (query.Words.Count + query.Expansions.Count + query.Bigrams.Count) > 0;
        if (query is not null && !hasQuery) return Empty;
        await store.EnsureCollectionAsync(cancellationToken);
        var documents = QdrantFilters.Build(filter, QdrantPayload.KindDocument);
        var passages = QdrantFilters.Build(filter, QdrantPayload.KindPassage);

        if (query is null && filter.PassageYears.Count == 0)
        {
            var documentCount = client.CountAsync(Collection, documents, exact: true, cancellationToken: cancellationToken);
            var passageCount = client.CountAsync(Collection, passages, exact: true, cancellationToken: cancellationToken);
            var all = await CountFieldsAsync([documents], cancellationToken);
            return Facets((int)await documentCount, (int)await passageCount, all, await PassageYearsAsync(passages, cancellationToken));
        }

        var visible = await client.CountAsync(Collection, documents, exact: true, cancellationToken: cancellationToken);
        if (visible == 0) return Empty;
        if (query is not null)
        {
            QdrantFilters.AddTextConstraints(passages, query);
            passages.Must.Add(QdrantFilters.AnyQueryTerm(query));
        }
        var perDocument = (await client.FacetAsync(Collection, QdrantPayload.DocumentId, passages, limit: visible, exact: true, cancellationToken: cancellationToken)).Hits;
        if (perDocument.Count == 0) return Empty;

        var matched = perDocument.Select(h => h.Value.StringValue).ToList();
        var chunks = matched.Chunk(IdsPerRequest).Select(ids =>
        {
            var chunk = documents.Clone();
            chunk.Must.Add(Match(QdrantPayload.DocumentId, ids));
            return chunk;
        }).ToList();
        return Facets(matched.Count, perDocument.Sum(h => (int)h.Count), await CountFieldsAsync(chunks, cancellationToken),
            await PassageYearsAsync(passages, cancellationToken));
    }

    /// <summary>Per year, how many of the passages <paramref name="passages"/> admits speak about it.</summary>
    private async Task<List<FacetValue>> PassageYearsAsync(Filter passages, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var hit in (await client.FacetAsync(Collection, QdrantPayload.TimeYears, passages, FacetHitLimit, exact: true, cancellationToken: cancellationToken)).Hits)
            counts[Text(hit.Value)] = (int)hit.Count;
        return Top(counts);
    }

    /// <summary>Per facet field, the document count of each value, summed over the (disjoint) document filters.</summary>
    private async Task<DocumentFacetCounts> CountFieldsAsync(IReadOnlyList<Filter> filters, CancellationToken cancellationToken)
    {
        var counts = new DocumentFacetCounts();
        var requests = filters.SelectMany(f => FacetFields.Select(field => (field.Counts, Hits: client.FacetAsync(Collection, field.Field, f, FacetHitLimit, exact: true, cancellationToken: cancellationToken)))).ToList();
        foreach (var (target, hits) in requests)
        {
            var into = target(counts);
            foreach (var hit in (await hits).Hits)
            {
                var value = Text(hit.Value);
                into[value] = into.GetValueOrDefault(value) + (int)hit.Count;
            }
        }
        return counts;
    }

    private static string Text(global::Qdrant.Client.Grpc.FacetValue value) => value.VariantCase switch
    {
        global::Qdrant.Client.Grpc.FacetValue.VariantOneofCase.IntegerValue => value.IntegerValue.ToString(CultureInfo.InvariantCulture),
        global::Qdrant.Client.Grpc.FacetValue.VariantOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        _ => value.StringValue,
    };

    private sealed class DocumentFacetCounts
    {
        public Dictionary<string, int> Organisations { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Types { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Tags { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Languages { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Years { get; } = new(StringComparer.Ordinal);
    }

    private static DocumentFacets Facets(int documents, int passages, DocumentFacetCounts c, List<FacetValue> passageYears) =>
        new(documents, passages, Top(c.Organisations), Top(c.Types), Top(c.Tags), Top(c.Languages), Top(c.Years)) { PassageYears = passageYears };

    private static readonly DocumentFacets Empty = new(0, 0, [], [], [], [], []);

    /// <summary>Values by how many documents carry them, most first, then by value; empty values left out.</summary>
    private static List<FacetValue> Top(Dictionary<string, int> counts) =>
        counts.Where(c => c.Key.Length > 0 && c.Value > 0).Select(c => new FacetValue(c.Key, c.Value))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal)
            .Take(DocumentFacets.MaxValues).ToList();

    public async Task<Passage?> GetPassageAsync(string passageId, SearchFilter filter, CancellationToken cancellationToken = default)
    {
        await store.EnsureCollectionAsync(cancellationToken);
        var passage = QdrantFilters.Build(filter, QdrantPayload.KindPassage);
        passage.Must.Add(HasId(PointIds.Passage(passageId)));
        var page = await client.ScrollAsync(Collection, passage, limit: 1, payloadSelector: QdrantPayload.Readable(), cancellationToken: cancellationToken);
        return page.Result.Count == 0 ? null : QdrantPayload.ReadPassage(page.Result[0].Payload);
    }
}
