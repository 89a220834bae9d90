using System.Diagnostics;
using KnowledgeBase.Configuration;
using KnowledgeBase.Storage;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Retrieval;

/// <summary>
/// Cited search: analyse the query, let the store run every signal with the access filter inside it,
/// fuse the ranked lists, and mark the matching text of each passage.
/// </summary>
public sealed class SearchService(IKnowledgeStore store, QueryAnalyzer queryAnalyzer, Highlighter highlighter, IOptions<RetrievalOptions> options)
{
    private readonly RetrievalOptions _options = options.Value;

    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var top = Math.Clamp(request.Top, 1, _options.MaxTop);
        var analyzed = queryAnalyzer.Analyze(request.Query);
        if (analyzed.Retrieval.IsEmpty) return new SearchResponse(request.Query, clock.Elapsed.TotalMilliseconds, []);

        var perSignal = Math.Max(_options.CandidatesPerSignal, request.Offset + top);
        var candidates = await store.RetrieveAsync(analyzed.Retrieval, request.Filter, perSignal, cancellationToken);

        var ranked = Fuse(candidates)
            .Skip(Math.Max(0, request.Offset))
            .Take(top)
            .Select((c, i) => ToHit(c.Candidate, c.Score, request.Offset + i + 1, analyzed))
            .ToList();
        return new SearchResponse(request.Query, clock.Elapsed.TotalMilliseconds, ranked);
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

    private SearchHit ToHit(PassageCandidate c, double score, int rank, AnalyzedQuery query) => new(
        rank,
        c.Document.Id,
        c.Passage.Id,
        c.Document.Title,
        c.Document.Source,
        c.Passage.Page,
        c.Passage.PageEnd,
        c.Passage.HeadingPath,
        c.Passage.Text,
        highlighter.Find(c.Passage.Text, query.HighlightTerms),
        Math.Round(score, 6),
        c.Ranks.Keys.Order().Select(s => s.ToString().ToLowerInvariant()).ToList(),
        SourceLink(c.Document.Id, c.Passage.Page));

    /// <summary>The API serves originals; PDF viewers honour #page=N.</summary>
    public static string SourceLink(string documentId, int page) => $"/api/documents/{Uri.EscapeDataString(documentId)}/file#page={page}";
}
