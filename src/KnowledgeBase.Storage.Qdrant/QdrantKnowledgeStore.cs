using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Time;
using Google.Protobuf.Collections;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace KnowledgeBase.Storage.Qdrant;

/// <summary>
/// The scale-out store: passages, pages and documents as points of one Qdrant collection (see <see cref="QdrantPayload"/>),
/// lexical ranking by sparse vectors with Qdrant's IDF modifier, optional dense vectors, and the access filter inside
/// every request. The collection is created or checked on first use (<see cref="EnsureCollectionAsync"/>).
/// Each passage point also carries when it speaks (<see cref="PassageTimeAnnotator"/>, <see cref="QdrantPayload.AddTime"/>),
/// so the time signals run as filtered queries of the same batch.
/// </summary>
/// <param name="ledger">
/// Where a document's own source is recorded after a write (the embedded store does this in its transaction).
/// Null for tools that copy documents whose sources are already recorded (migration).
/// </param>
/// <param name="times">Dates passages at write time; by default a resolver over the analyzer's normalizer, as the embedded store's.</param>
public sealed class QdrantKnowledgeStore(QdrantClient client, TextAnalyzer analyzer, IOptions<QdrantOptions> options, IIngestLedger? ledger = null,
    PassageTimeAnnotator? times = null) : IKnowledgeStore
{
    private readonly PassageTimeAnnotator _times = times ?? new PassageTimeAnnotator(new TimeResolver(analyzer.Normalizer));
    private const float TitleWeight = 3, HeadingWeight = 2, BodyWeight = 1;
    private const float BigramTitleWeight = 2;

    private readonly QdrantOptions _options = options.Value;
    private readonly SemaphoreSlim _ensureLock = new(1, 1);
    private volatile bool _ensured;
    private string? _recordedAnalysis;

    /// <summary>The collection this store reads and writes.</summary>
    public string Collection => _options.Collection;

    /// <summary>Creates the collection and its payload indexes, or checks an existing one; runs once per store instance.</summary>
    public async Task EnsureCollectionAsync(CancellationToken cancellationToken = default)
    {
        if (_ensured) return;
        await _ensureLock.WaitAsync(cancellationToken);
        try
        {
            if (_ensured) return;
            _recordedAnalysis = await QdrantCollectionSchema.EnsureAsync(client, _options, analyzer.Fingerprint, cancellationToken);
            _ensured = true;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new InvalidOperationException($"Cannot reach Qdrant at {_options.Url} (KnowledgeBase:Qdrant:Url; the gRPC port, usually 6334): {e.Status.Detail}", e);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            throw new InvalidOperationException($"Qdrant at {_options.Url} refused the request ({e.StatusCode}): check KnowledgeBase:Qdrant:ApiKey.", e);
        }
        finally
        {
            _ensureLock.Release();
        }
    }

    /// <summary>
    /// Writes a document in four steps, because Qdrant has no multi-request transaction:
    /// (1) upsert passage and page points tagged with a fresh generation — deterministic ids overwrite the earlier
    /// version's points in place; (2) delete the document's passage and page points of any other generation (those the
    /// new version no longer has); (3) overwrite the document point last, as the marker of a complete write; (4) record
    /// the source. Readers may briefly see a mix of old and new passages. If the process dies part-way, the document
    /// point is missing (first write) or still carries the old content hash, so ingest does not count the file as
    /// unchanged and the next run repeats the write, which converges. The same document must not be written by two workers at once
    /// (each would delete the other's generation); the ingest queue hands one document to one worker.
    /// </summary>
    public async Task UpsertAsync(DocumentSubmission submission, CancellationToken cancellationToken = default)
    {
        var document = submission.Document;
        if (submission.Vectors is { } vectors && vectors.Count != submission.Passages.Count)
            throw new ArgumentException($"{vectors.Count} vectors for {submission.Passages.Count} passages of {document.Id}.", nameof(submission));
        await EnsureCollectionAsync(cancellationToken);

        var generation = Guid.NewGuid().ToString("N");
        var points = new List<PointStruct>(submission.Passages.Count + submission.Pages.Count);
        var titleWords = analyzer.Words(document.Title);
        var titleBigrams = analyzer.Bigrams(document.Title);
        var passageTimes = _times.Annotate(submission);
        for (var i = 0; i < submission.Passages.Count; i++)
        {
            var passage = submission.Passages[i];
            var headingWords = analyzer.Words(passage.HeadingPath);
            var bodyWords = analyzer.Words(passage.Text);
            var bodyBigrams = analyzer.Bigrams(passage.Text);
            var point = new PointStruct { Id = PointIds.Passage(passage.Id) };
            point.Vectors = PassageVectors(passage, (titleWords, headingWords, bodyWords), (titleBigrams, bodyBigrams), submission.Vectors?[i]);
            QdrantPayload.AddDocument(point.Payload, document, submission.Passages.Count, generation);
            QdrantPayload.AddPassage(point.Payload, passage, analyzer.Normalize(passage.Text));
            QdrantPayload.AddTime(point.Payload, passageTimes[i]);
            QdrantPayload.AddTerms(point.Payload,
                titleWords.Concat(headingWords).Concat(bodyWords).Select(t => t.Text),
                titleBigrams.Concat(bodyBigrams).Select(t => t.Text));
            points.Add(point);
        }
        foreach (var page in submission.Pages)
        {
            var point = new PointStruct { Id = PointIds.Page(document.Id, page.Number), Vectors = new Dictionary<string, Vector>() };
            QdrantPayload.AddDocument(point.Payload, document, submission.Passages.Count, generation);
            point.Payload[QdrantPayload.Kind] = QdrantPayload.KindPage;
            point.Payload[QdrantPayload.PageNumber] = page.Number;
            point.Payload[QdrantPayload.Text] = page.Text;
            points.Add(point);
        }
        foreach (var batch in points.Chunk(Math.Max(1, _options.UpsertBatchSize)))
            await client.UpsertAsync(Collection, batch, wait: true, cancellationToken: cancellationToken);

        var stale = new Filter();
        stale.Must.Add(MatchKeyword(QdrantPayload.DocumentId, document.Id));
        stale.MustNot.Add(MatchKeyword(QdrantPayload.Generation, generation));
        // The document point is overwritten in place below, so the document never disappears for readers.
        stale.MustNot.Add(MatchKeyword(QdrantPayload.Kind, QdrantPayload.KindDocument));
        await client.DeleteAsync(Collection, stale, wait: true, cancellationToken: cancellationToken);

        var marker = new PointStruct { Id = PointIds.Document(document.Id), Vectors = new Dictionary<string, Vector>() };
        QdrantPayload.AddDocument(marker.Payload, document, submission.Passages.Count, generation);
        QdrantPayload.AddDocumentPoint(marker.Payload, document);
        await client.UpsertAsync(Collection, [marker], wait: true, cancellationToken: cancellationToken);

        if (ledger is not null)
            await ledger.AddSourceAsync(new SourceState(document.Source, document.Id, document.ContentHash), cancellationToken);
    }

    private Dictionary<string, Vector> PassageVectors(Passage passage, (List<Term> Title, List<Term> Headings, List<Term> Body) words,
        (List<Term> Title, List<Term> Body) bigrams, ReadOnlyMemory<float>? dense)
    {
        var vectors = new Dictionary<string, Vector>();
        if (SparseTerms.Document((words.Title, TitleWeight), (words.Headings, HeadingWeight), (words.Body, BodyWeight)) is { } wordVector)
            vectors[QdrantCollectionSchema.WordsVector] = wordVector;
        if (SparseTerms.Document((bigrams.Title, BigramTitleWeight), (bigrams.Body, BodyWeight)) is { } bigramVector)
            vectors[QdrantCollectionSchema.BigramsVector] = bigramVector;
        if (dense is { } d && _options.DenseVectorSize is { } size)
        {
            if (d.Length != size) throw new ArgumentException($"Passage {passage.Id} has a vector of size {d.Length}; the collection expects {size}.");
            vectors[QdrantCollectionSchema.DenseVector] = d.ToArray();
        }
        return vectors;
    }

    /// <summary>Deletes every point of the document (passages, pages, the document point) and forgets its sources.</summary>
    public async Task<bool> DeleteAsync(string documentId, CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        var all = new Filter();
        all.Must.Add(MatchKeyword(QdrantPayload.DocumentId, documentId));
        var existed = await client.CountAsync(Collection, all, exact: true, cancellationToken: cancellationToken) > 0;
        await client.DeleteAsync(Collection, all, wait: true, cancellationToken: cancellationToken);
        if (ledger is not null)
            foreach (var source in await ledger.GetSourcesAsync(documentId, cancellationToken))
                await ledger.RemoveSourceAsync(source, cancellationToken);
        return existed;
    }

    public async Task<DocumentRecord?> GetDocumentAsync(string documentId, AccessScope scope, CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        var filter = QdrantFilters.Build(new SearchFilter(scope) { DocumentId = documentId }, QdrantPayload.KindDocument);
        var page = await client.ScrollAsync(Collection, filter, limit: 1, payloadSelector: true, cancellationToken: cancellationToken);
        return page.Result.Count == 0 ? null : QdrantPayload.ReadDocument(page.Result[0].Payload);
    }

    public async Task<DocumentRecord?> FindByContentHashAsync(string contentHash, AccessScope scope, CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        var filter = QdrantFilters.Build(new SearchFilter(scope), QdrantPayload.KindDocument);
        filter.Must.Add(MatchKeyword(QdrantPayload.ContentHash, contentHash));
        var page = await client.ScrollAsync(Collection, filter, limit: 16, payloadSelector: true, cancellationToken: cancellationToken);
        // The embedded store answers the smallest id; do the same so both stores pick the same twin.
        return page.Result.Select(p => QdrantPayload.ReadDocument(p.Payload)).MinBy(d => d.Id, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<Passage>> GetPassagesAsync(string documentId, AccessScope scope, CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        var filter = QdrantFilters.Build(new SearchFilter(scope) { DocumentId = documentId }, QdrantPayload.KindPassage);
        var passages = new List<Passage>();
        await foreach (var point in QdrantScroll.AllAsync(client, Collection, filter, QdrantPayload.Readable(), cancellationToken))
            passages.Add(QdrantPayload.ReadPassage(point.Payload));
        return passages.OrderBy(p => p.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<DocumentPage>> GetPagesAsync(string documentId, AccessScope scope, int? page = null, CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        var filter = QdrantFilters.Build(new SearchFilter(scope) { DocumentId = documentId }, QdrantPayload.KindPage);
        if (page is { } number) filter.Must.Add(Conditions.Match(QdrantPayload.PageNumber, number));
        var selector = new WithPayloadSelector { Include = new PayloadIncludeSelector { Fields = { QdrantPayload.PageNumber, QdrantPayload.Text } } };
        var pages = new List<DocumentPage>();
        await foreach (var point in QdrantScroll.AllAsync(client, Collection, filter, selector, cancellationToken))
            pages.Add(new DocumentPage((int)point.Payload[QdrantPayload.PageNumber].IntegerValue, point.Payload[QdrantPayload.Text].StringValue));
        return pages.OrderBy(p => p.Number).ToList();
    }

    /// <summary>The text of a page, for citation checks (no access check, like the embedded store's).</summary>
    public async Task<string?> GetPageTextAsync(string documentId, int page, CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        var points = await client.RetrieveAsync(Collection, [PointIds.Page(documentId, page)], withPayload: true, cancellationToken: cancellationToken);
        return points.Count == 0 ? null : points[0].Payload.TryGetValue(QdrantPayload.Text, out var text) ? text.StringValue : null;
    }

    /// <summary>
    /// One query per signal in a single batch request, each with the caller's filter inside it, so each returns its own
    /// ranking. Server-side RRF over prefetches would return one fused list: it loses the per-signal ranks and the
    /// signal weights <see cref="SearchService"/> applies, so both stores leave fusion to SearchService.
    /// </summary>
    public async Task<IReadOnlyList<PassageCandidate>> RetrieveAsync(RetrievalQuery query, SearchFilter filter, int limitPerSignal, CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        ThrowIfAnalysisChanged();
        var requests = BuildRetrievalRequests(query, filter, limitPerSignal);
        if (requests.Count == 0) return [];
        var results = await client.QueryBatchAsync(Collection, requests.Select(r => r.Request).ToList(), cancellationToken: cancellationToken);

        var byPoint = new Dictionary<string, (MapField<string, Value> Payload, Dictionary<Signal, int> Ranks)>();
        for (var i = 0; i < requests.Count; i++)
        {
            var rank = 0;
            foreach (var point in results[i].Result)
            {
                var key = point.Id.ToString();
                if (!byPoint.TryGetValue(key, out var entry)) byPoint[key] = entry = (point.Payload, []);
                entry.Ranks[requests[i].Signal] = ++rank;
            }
        }
        var documents = new Dictionary<string, DocumentRecord>(StringComparer.Ordinal);
        return byPoint.Values.Select(e =>
        {
            var passage = QdrantPayload.ReadPassage(e.Payload);
            if (!documents.TryGetValue(passage.DocumentId, out var document))
                documents[passage.DocumentId] = document = QdrantPayload.ReadDocument(e.Payload);
            return new PassageCandidate(passage, document, e.Ranks) { Times = QdrantPayload.ReadTimes(e.Payload, passage.Text) };
        }).ToList();
    }

    /// <summary>
    /// Refuses to search a collection whose terms another text analysis wrote (its fingerprint is in the collection's
    /// metadata; a collection created before fingerprints were recorded has none and is searched). The terms live in
    /// every point, so the way out is a new collection, not an in-place rebuild.
    /// </summary>
    public async Task EnsureIndexCurrentAsync(CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        ThrowIfAnalysisChanged();
    }

    /// <inheritdoc cref="EnsureIndexCurrentAsync"/>
    public void ThrowIfAnalysisChanged()
    {
        if (_recordedAnalysis is { } recorded && recorded != analyzer.Fingerprint)
        {
            var remedy = $"The terms are stored in every point of Qdrant collection '{Collection}', so rebuild into a new collection: copy the library with " +
                         "`kb migrate --to qdrant --collection NAME` or ingest it again, then point " +
                         "KnowledgeBase:Qdrant:Collection at NAME (docs/scale-out.md).";
            throw new StaleIndexException(recorded, analyzer.Fingerprint, remedy, remedy);
        }
    }

    /// <summary>
    /// The batch <see cref="RetrieveAsync"/> sends: one filtered query per signal that has terms (or a vector), and one
    /// per time signal the query carries (<see cref="TimeConstraint"/>): the passages of the query's time — a payload
    /// condition on the resolved years, inside the same filter — ranked by the query's words and bigrams, fused by
    /// Qdrant's RRF over two prefetches (the embedded store sums the two BM25 scores; a sparse query reads one vector).
    /// </summary>
    public IReadOnlyList<(Signal Signal, QueryPoints Request)> BuildRetrievalRequests(RetrievalQuery query, SearchFilter filter, int limitPerSignal)
    {
        var requests = new List<(Signal, QueryPoints)>();
        var limit = (ulong)Math.Max(1, limitPerSignal);
        Filter Filtered(Condition? time = null)
        {
            var f = QdrantFilters.Build(filter, QdrantPayload.KindPassage);
            QdrantFilters.AddTextConstraints(f, query);
            if (time is not null) f.Must.Add(time);
            return f;
        }
        void Add(Signal signal, string vectorName, Query vector) => requests.Add((signal, new QueryPoints
        {
            CollectionName = Collection,
            Query = vector,
            Using = vectorName,
            Filter = Filtered(),
            Limit = limit,
            WithPayload = QdrantPayload.Readable(),
        }));
        var wordQuery = SparseTerms.Query(query.Words, query.TermWeights);
        var bigramQuery = SparseTerms.Query(query.Bigrams, query.TermWeights);
        if (wordQuery is not null) Add(Signal.Words, QdrantCollectionSchema.WordsVector, wordQuery);
        if (SparseTerms.Query(query.Expansions, query.TermWeights) is { } expansions) Add(Signal.Expansions, QdrantCollectionSchema.WordsVector, expansions);
        if (bigramQuery is not null) Add(Signal.Bigrams, QdrantCollectionSchema.BigramsVector, bigramQuery);
        if (query.Vector is { } vector && _options.DenseVectorSize is not null) Add(Signal.Dense, QdrantCollectionSchema.DenseVector, vector.ToArray());

        void AddTime(Signal signal, Condition time)
        {
            var request = new QueryPoints
            {
                CollectionName = Collection,
                Query = new Query { Fusion = Fusion.Rrf },
                // The filter stands in each prefetch and on the fused query, so no stage sees a passage outside it.
                Filter = Filtered(time),
                Limit = limit,
                WithPayload = QdrantPayload.Readable(),
            };
            foreach (var (vectorName, sparse) in new[] { (QdrantCollectionSchema.WordsVector, wordQuery), (QdrantCollectionSchema.BigramsVector, bigramQuery) })
                if (sparse is not null)
                    request.Prefetch.Add(new PrefetchQuery { Query = sparse, Using = vectorName, Filter = Filtered(time), Limit = limit });
            if (request.Prefetch.Count > 0) requests.Add((signal, request));
        }
        if (query.Time is { } t)
        {
            if (t.StatedIn is { } stated) AddTime(Signal.Time, QdrantFilters.StatedIn(stated, t.StatedSpanAtMost));
            if (t.DocumentIn is { } documents) AddTime(Signal.DocumentTime, QdrantFilters.DocumentTime(t, documents));
            if (t.AnyStated) AddTime(Signal.StatedDate, QdrantFilters.AnyStated());
        }
        return requests;
    }

    public async Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        await EnsureCollectionAsync(cancellationToken);
        var documents = await client.CountAsync(Collection, MatchKeyword(QdrantPayload.Kind, QdrantPayload.KindDocument), exact: true, cancellationToken: cancellationToken);
        var passages = await client.CountAsync(Collection, MatchKeyword(QdrantPayload.Kind, QdrantPayload.KindPassage), exact: true, cancellationToken: cancellationToken);
        return new StoreStatistics((int)documents, (int)passages);
    }
}
