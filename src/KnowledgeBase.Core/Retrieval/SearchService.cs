using System.Diagnostics;
using KnowledgeBase.Configuration;
using KnowledgeBase.Embeddings;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Text.Time;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Retrieval;

/// <summary>
/// Cited search: analyse the query, let the store run every signal with the access filter inside it,
/// fuse the ranked lists, and mark the matching text of each passage. With an embedder configured, the query
/// vector adds the dense signal; if the embedder is unavailable the search stays lexical and says so in the log.
/// </summary>
public sealed class SearchService(
    IKnowledgeStore store,
    QueryAnalyzer queryAnalyzer,
    Highlighter highlighter,
    IOptions<RetrievalOptions> options,
    ILogger<SearchService>? logger = null,
    IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
{
    private readonly RetrievalOptions _options = options.Value;
    private readonly ILogger _logger = logger ?? NullLogger<SearchService>.Instance;

    /// <summary>Grouped searches deepen their candidate lists at most this many times over (see <see cref="RankAsync"/>).</summary>
    public const int MaxGroupingDepthFactor = 4;

    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var top = Math.Clamp(request.Top, 1, _options.MaxTop);
        if (request.Offset < 0) throw new QueryLimitException("offset must not be negative.");
        if ((long)request.Offset + top > _options.MaxResultDepth)
            throw new QueryLimitException($"offset + top is {(long)request.Offset + top:N0}; results are ranked to a depth of {_options.MaxResultDepth:N0}. Narrow the query or its filters instead of paging further.");
        var offset = request.Offset;
        var analyzed = queryAnalyzer.Analyze(request.Query, cancellationToken);
        analyzed = analyzed with { Retrieval = analyzed.Retrieval with { Vector = await EmbedQueryAsync(analyzed, cancellationToken) } };
        if (analyzed.Retrieval.IsEmpty) return new SearchResponse(request.Query, clock.Elapsed.TotalMilliseconds, []) { Translations = analyzed.Translations };

        // One more than the page, to tell whether another page follows.
        var ranked = await RankAsync(analyzed.Retrieval, request.Filter, offset + top + 1, Math.Max(0, request.PerDocument), cancellationToken);
        var hits = new List<SearchHit>(top);
        foreach (var (candidate, score, more) in ranked.Skip(offset).Take(top))
            hits.Add(await ToHitAsync(candidate, score, offset + hits.Count + 1, analyzed, request.Filter, cancellationToken) with { MoreInDocument = more });
        return new SearchResponse(request.Query, clock.Elapsed.TotalMilliseconds, hits)
        {
            HasMore = ranked.Count > offset + top,
            Translations = analyzed.Translations,
        };
    }

    /// <summary>
    /// The fused ranking, at least <paramref name="wanted"/> long when the store holds that many. With
    /// <paramref name="perDocument"/> &gt; 0, a document's passages after its first <paramref name="perDocument"/> are
    /// left out and counted on its kept ones; when that leaves fewer than wanted while a signal's list was full, the
    /// candidate lists are deepened (up to <see cref="MaxGroupingDepthFactor"/> times), because one long document can
    /// fill a whole candidate list.
    /// </summary>
    private async Task<List<(PassageCandidate Candidate, double Score, int? More)>> RankAsync(
        RetrievalQuery query, SearchFilter filter, int wanted, int perDocument, CancellationToken cancellationToken)
    {
        var perSignal = Math.Max(_options.CandidatesPerSignal, wanted);
        // Deepening stays within the ranking depth the options allow (query work is bounded per request).
        var deepest = Math.Max(perSignal, Math.Min(perSignal * MaxGroupingDepthFactor, _options.MaxResultDepth + 1));
        while (true)
        {
            var candidates = await RetrieveAsync(WithoutUnweightedSignals(query), filter, perSignal, wanted, cancellationToken);
            if (perDocument <= 0) return candidates.Select(c => (c.Candidate, c.Score, (int?)null)).ToList();
            var grouped = Group(candidates, perDocument);
            var full = candidates.Any(c => c.Candidate.Ranks.Values.Any(r => r >= perSignal));
            if (grouped.Count >= wanted || !full || perSignal >= deepest) return grouped;
            perSignal = Math.Min(deepest, perSignal * 2);
        }
    }

    /// <summary>Keeps each document's first <paramref name="perDocument"/> passages in rank order; the rest are counted on the kept ones.</summary>
    private static List<(PassageCandidate Candidate, double Score, int? More)> Group(List<(PassageCandidate Candidate, double Score)> ranked, int perDocument)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<(PassageCandidate Candidate, double Score)>();
        foreach (var c in ranked)
        {
            var count = seen.GetValueOrDefault(c.Candidate.Document.Id);
            seen[c.Candidate.Document.Id] = count + 1;
            if (count < perDocument) kept.Add(c);
        }
        return kept.Select(c => (c.Candidate, c.Score, (int?)Math.Max(0, seen[c.Candidate.Document.Id] - perDocument))).ToList();
    }

    /// <summary>
    /// Runs one retrieval that needs no query analysis (a fixed probe of common policy terms, results discarded), so the
    /// store's first-use costs — opening connections, preparing statements, reading its passage table — are paid now,
    /// while a process still waits for the segmenter, instead of by the first real search.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default)
    {
        string[] probe = ["政策", "发展", "policy"];
        var query = new RetrievalQuery { Words = probe, Expansions = probe, Bigrams = probe[..2] };
        // Nothing found here leaves the method, so the probe may look at every passage.
        var candidates = await store.RetrieveAsync(WithoutUnweightedSignals(query), new SearchFilter(AccessScope.Everything), _options.CandidatesPerSignal, cancellationToken);
        // One passage is enough to have the highlighter ready; more would only take CPU from the segmenter's load.
        if (Fuse(candidates).FirstOrDefault().Candidate is { } best) _ = highlighter.Find(best.Passage.Text, probe);
    }

    private async Task<ReadOnlyMemory<float>?> EmbedQueryAsync(AnalyzedQuery query, CancellationToken cancellationToken)
    {
        if (embedder is null || Weight(Signal.Dense) <= 0 || query.Parsed.PositiveText.Length == 0) return null;
        try
        {
            return await embedder.EmbedQueryAsync(query.Parsed.PositiveText, cancellationToken);
        }
        catch (EmbeddingUnavailableException e)
        {
            _logger.LogWarning("Embedding unavailable; searching lexically: {Reason}", e.Message);
            return null;
        }
    }

    /// <summary>
    /// Soft phrases (Chinese curly quotes) are first required verbatim; when that leaves fewer passages than asked for,
    /// the passages found without the constraint follow those that satisfy it.
    /// </summary>
    private async Task<List<(PassageCandidate Candidate, double Score)>> RetrieveAsync(RetrievalQuery query, SearchFilter filter, int perSignal, int wanted, CancellationToken cancellationToken)
    {
        if (query.SoftPhrases.Count == 0)
            return Fuse(await store.RetrieveAsync(query, filter, perSignal, cancellationToken)).ToList();
        var strict = Fuse(await store.RetrieveAsync(query with { RequiredPhrases = [.. query.RequiredPhrases, .. query.SoftPhrases], SoftPhrases = [] }, filter, perSignal, cancellationToken)).ToList();
        if (strict.Count >= wanted) return strict;
        var seen = strict.Select(c => c.Candidate.Passage.Id).ToHashSet(StringComparer.Ordinal);
        var relaxed = Fuse(await store.RetrieveAsync(query with { SoftPhrases = [] }, filter, perSignal, cancellationToken));
        return [.. strict, .. relaxed.Where(c => !seen.Contains(c.Candidate.Passage.Id))];
    }

    /// <summary>A signal weighted zero contributes nothing to fusion, so its query is not run at all.</summary>
    private RetrievalQuery WithoutUnweightedSignals(RetrievalQuery query) => query with
    {
        Words = Weight(Signal.Words) > 0 ? query.Words : [],
        Expansions = Weight(Signal.Expansions) > 0 ? query.Expansions : [],
        Bigrams = Weight(Signal.Bigrams) > 0 ? query.Bigrams : [],
        Vector = Weight(Signal.Dense) > 0 ? query.Vector : null,
        Time = WithoutUnweightedTime(query.Time),
    };

    private TimeConstraint? WithoutUnweightedTime(TimeConstraint? time)
    {
        if (time is null) return null;
        time = time with
        {
            StatedIn = Weight(Signal.Time) > 0 ? time.StatedIn : null,
            AnyStated = Weight(Signal.StatedDate) > 0 && time.AnyStated,
            DocumentIn = Weight(Signal.DocumentTime) > 0 ? time.DocumentIn : null,
        };
        return time.IsEmpty ? null : time;
    }

    /// <summary>Weighted reciprocal-rank fusion; ties go to the passage that more signals found, then to document order.</summary>
    public IEnumerable<(PassageCandidate Candidate, double Score)> Fuse(IEnumerable<PassageCandidate> candidates) =>
        candidates
            .Select(c => (Candidate: c, Score: c.Ranks.Sum(r => Weight(r.Key) / (_options.RrfK + r.Value))))
            .OrderByDescending(x => x.Score)
            .ThenByDescending(x => x.Candidate.Ranks.Count)
            .ThenBy(x => x.Candidate.Passage.DocumentId, StringComparer.Ordinal)
            .ThenBy(x => x.Candidate.Passage.Ordinal);

    private double Weight(Signal signal) => _options.Weights.TryGetValue(signal, out var w) ? w : 0;

    private async Task<SearchHit> ToHitAsync(PassageCandidate c, double score, int rank, AnalyzedQuery query, SearchFilter filter, CancellationToken cancellationToken)
    {
        var passage = c.Passage;
        var times = TimeMarks(c.Times, query);
        var highlights = WithTimes(highlighter.Find(passage.Text, query.HighlightTerms), times, passage.Text.Length);
        var page = PassagePages.BestPage(passage, highlights, await SegmentsAsync(passage, filter, cancellationToken));
        return new SearchHit(
            rank,
            c.Document.Id,
            passage.Id,
            c.Document.Title,
            c.Document.Source,
            page,
            passage.Page,
            passage.PageEnd,
            passage.HeadingPath,
            passage.Text,
            highlights,
            Math.Round(score, 6),
            c.Ranks.Keys.Order().Select(s => s.ToString().ToLowerInvariant()).ToList(),
            SourceLink(c.Document.Id, page),
            passage.OcrConfidence) { Times = times };
    }

    /// <summary>A passage's time expressions as results show them, each saying whether it answers the query's time.</summary>
    public static IReadOnlyList<TimeMark> TimeMarks(IEnumerable<TimeMention> mentions, AnalyzedQuery? query) =>
        mentions.Select(t => new TimeMark(t.Start, t.End, t.Text, t.Years.From, t.Years.To, query is not null && InQuery(t, query))).ToList();

    /// <summary>The query's highlights plus the time expressions that answer the query's time.</summary>
    public static IReadOnlyList<int[]> WithTimes(IReadOnlyList<int[]> highlights, IReadOnlyList<TimeMark> times, int textLength) =>
        times.Any(t => t.InQuery) ? Highlighter.Union(highlights, times.Where(t => t.InQuery).Select(t => (t.Start, t.End)), textLength) : highlights;

    /// <summary>A passage's time expression answers the query's time: its years overlap the query's, or the query asks when.</summary>
    private static bool InQuery(TimeMention mention, AnalyzedQuery query) =>
        mention.StatesYears && (query.Time.AsksForDate || query.Time.Span is { } span && span.Overlaps(mention.Years));

    /// <summary>The passage's page segments; reads the pages in between only for a passage over more than two pages.</summary>
    public async Task<IReadOnlyList<PageSegment>> SegmentsAsync(Passage passage, SearchFilter filter, CancellationToken cancellationToken = default)
    {
        if (!PassagePages.NeedsPageTexts(passage)) return PassagePages.Segments(passage);
        // Rare (a passage runs over a page with little text): the pages in between, one by one.
        var middle = new Dictionary<int, string>();
        for (var n = passage.Page + 1; n < passage.PageEnd; n++)
            foreach (var page in await store.GetPagesAsync(passage.DocumentId, filter.Access, n, cancellationToken))
                middle[page.Number] = page.Text;
        return PassagePages.Segments(passage, n => middle.GetValueOrDefault(n));
    }

    /// <summary>The API serves originals; PDF viewers honour #page=N.</summary>
    public static string SourceLink(string documentId, int page) => $"/api/documents/{Uri.EscapeDataString(documentId)}/file#page={page}";
}
