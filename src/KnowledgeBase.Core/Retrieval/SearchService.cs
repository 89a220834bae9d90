using System.Diagnostics;
using KnowledgeBase.Configuration;
using KnowledgeBase.Embeddings;
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

    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var top = Math.Clamp(request.Top, 1, _options.MaxTop);
        if (request.Offset < 0) throw new QueryLimitException("offset must not be negative.");
        if ((long)request.Offset + top > _options.MaxResultDepth)
            throw new QueryLimitException($"offset + top is {(long)request.Offset + top:N0}; results are ranked to a depth of {_options.MaxResultDepth:N0}. Narrow the query or its filters instead of paging further.");
        var analyzed = queryAnalyzer.Analyze(request.Query, cancellationToken);
        analyzed = analyzed with { Retrieval = analyzed.Retrieval with { Vector = await EmbedQueryAsync(analyzed, cancellationToken) } };
        if (analyzed.Retrieval.IsEmpty) return new SearchResponse(request.Query, clock.Elapsed.TotalMilliseconds, []);

        var perSignal = Math.Max(_options.CandidatesPerSignal, request.Offset + top);
        var candidates = await RetrieveAsync(WithoutUnweightedSignals(analyzed.Retrieval), request.Filter, perSignal, request.Offset + top, cancellationToken);

        var ranked = candidates
            .Skip(Math.Max(0, request.Offset))
            .Take(top)
            .Select((c, i) => ToHit(c.Candidate, c.Score, request.Offset + i + 1, analyzed))
            .ToList();
        return new SearchResponse(request.Query, clock.Elapsed.TotalMilliseconds, ranked);
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

    private SearchHit ToHit(PassageCandidate c, double score, int rank, AnalyzedQuery query)
    {
        var times = c.Times.Select(t => new TimeMark(t.Start, t.End, t.Text, t.Years.From, t.Years.To, InQuery(t, query))).ToList();
        var highlights = highlighter.Find(c.Passage.Text, query.HighlightTerms);
        if (times.Any(t => t.InQuery)) highlights = Highlighter.Union(highlights, times.Where(t => t.InQuery).Select(t => (t.Start, t.End)), c.Passage.Text.Length);
        return new SearchHit(
            rank,
            c.Document.Id,
            c.Passage.Id,
            c.Document.Title,
            c.Document.Source,
            c.Passage.Page,
            c.Passage.PageEnd,
            c.Passage.HeadingPath,
            c.Passage.Text,
            highlights,
            Math.Round(score, 6),
            c.Ranks.Keys.Order().Select(s => s.ToString().ToLowerInvariant()).ToList(),
            SourceLink(c.Document.Id, c.Passage.Page),
            c.Passage.OcrConfidence) { Times = times };
    }

    /// <summary>A passage's time expression answers the query's time: its years overlap the query's, or the query asks when.</summary>
    private static bool InQuery(TimeMention mention, AnalyzedQuery query) =>
        mention.StatesYears && (query.Time.AsksForDate || query.Time.Span is { } span && span.Overlaps(mention.Years));

    /// <summary>The API serves originals; PDF viewers honour #page=N.</summary>
    public static string SourceLink(string documentId, int page) => $"/api/documents/{Uri.EscapeDataString(documentId)}/file#page={page}";
}
