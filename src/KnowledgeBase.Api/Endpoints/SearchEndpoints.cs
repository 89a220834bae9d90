using System.Security.Claims;
using KnowledgeBase.Api.Security;
using KnowledgeBase.Configuration;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api.Endpoints;

/// <summary>
/// The search response: the CLI's JSON (query, tookMs, results) plus paging, counts and facets. <c>facets.years</c>
/// counts documents by the document's year; <c>facets.passageYears</c> counts matching passages by the years they speak
/// about (the <c>passageYear</c> filter).
/// </summary>
/// <param name="PerDocument">At most this many results per document (0: no grouping); <paramref name="Offset"/> and <paramref name="Top"/> page over the grouped results.</param>
/// <param name="HasMore">Whether another page follows: the pager's signal, with or without grouping.</param>
/// <param name="Total">Passages that match the query (any of its terms) among the documents the filters let through; with facets only.</param>
/// <param name="Documents">Documents holding at least one matching passage; with facets only. Facet counts count documents too, except passageYears.</param>
/// <param name="Translations">Phrases of the query also searched in the other language (e.g. the Chinese words an English query looked for).</param>
public sealed record SearchApiResponse(
    string Query, double TookMs, int Offset, int Top, int PerDocument, bool HasMore, int? Total, int? Documents,
    IReadOnlyList<SearchHit> Results, DocumentFacets? Facets, IReadOnlyList<Translation> Translations);

/// <summary><c>GET /api/search</c> and <c>GET /api/passages/{id}/similar</c>.</summary>
public static class SearchEndpoints
{
    /// <summary>Passages of one document shown at most, unless the request says otherwise.</summary>
    public const int DefaultPerDocument = 2;

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", SearchAsync).WithQueryLimits().WithTags("Search")
            .WithSummary("Cited passage search with filters (yearFrom/yearTo: document year; passageYear: years the passage speaks about), paging and facets; at most perDocument (default 2, 0 = no grouping) passages per document");
        app.MapGet("/api/passages/{id}/similar", SimilarAsync).WithQueryLimits().WithTags("Search").WithSummary("More passages like this one");
        return app;
    }

    private static async Task<IResult> SearchAsync(
        HttpRequest request, ClaimsPrincipal user, string? q, int? top, int? offset, bool? facets, int? perDocument,
        [FromServices] SearchService search, [FromServices] QueryAnalyzer analyzer, [FromServices] IDocumentCatalog catalog,
        [FromServices] IOptions<RetrievalOptions> options, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q)) return Results.Problem("The query parameter 'q' is required.", statusCode: 400);
        var parameters = FilterParameters.From(request);
        if (parameters.Problem() is { } badFilter) return Results.Problem(badFilter, statusCode: 400);
        var filter = parameters.ToFilter(user.ToAccessScope());
        var page = Math.Clamp(top ?? 10, 1, options.Value.MaxTop);
        var skip = offset ?? 0;
        if (perDocument is < 0) return Results.Problem("perDocument must be 0 (no grouping) or more.", statusCode: 400);
        var grouping = perDocument ?? DefaultPerDocument;
        var response = await search.SearchAsync(new SearchRequest(q, filter, page, skip, grouping), ct);
        DocumentFacets? counts = null;
        if (facets ?? true) counts = await catalog.FacetsAsync(filter, analyzer.Analyze(q, ct).Retrieval, ct);
        return Results.Ok(new SearchApiResponse(response.Query, response.TookMs, skip, page, grouping, response.HasMore,
            counts?.Passages, counts?.Documents, ShowSources(response.Results, user), counts, response.Translations));
    }

    private static async Task<IResult> SimilarAsync(
        string id, int? top, ClaimsPrincipal user, [FromServices] SearchService search, [FromServices] QueryAnalyzer analyzer,
        [FromServices] IDocumentCatalog catalog, [FromServices] IOptions<RetrievalOptions> options, CancellationToken ct)
    {
        var filter = new SearchFilter(user.ToAccessScope());
        var passage = await catalog.GetPassageAsync(id, filter, ct);
        if (passage is null) return ApiProblems.NotFound();
        var page = Math.Clamp(top ?? 5, 1, options.Value.MaxTop);
        // The passage stands for the query: as much of it as the query limits allow.
        var response = await search.SearchAsync(new SearchRequest(analyzer.LeadingWithinLimits(AsPlainQuery(passage.Text)), filter, page + 1), ct);
        var hits = ShowSources(response.Results.Where(h => h.PassageId != passage.Id).Take(page), user)
            .Select((h, i) => h with { Rank = i + 1 }).ToList();
        return Results.Ok(new SearchApiResponse(passage.Id, response.TookMs, 0, page, 0, response.HasMore, null, null, hits, null, []));
    }

    /// <summary>Each hit's source as the caller may see it (<see cref="SourceNames"/>).</summary>
    private static IReadOnlyList<SearchHit> ShowSources(IEnumerable<SearchHit> hits, ClaimsPrincipal user) =>
        hits.Select(h => h with { Source = SourceNames.Show(h.Source, user) }).ToList();

    /// <summary>Passage text used as a query must not be read as query syntax (quotes = phrases, leading minus = exclusion).</summary>
    public static string AsPlainQuery(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (chars[i] is '"' or '“' or '”' or '「' or '」' or '『' or '』' or '-' or '－') chars[i] = ' ';
        return new string(chars);
    }
}
