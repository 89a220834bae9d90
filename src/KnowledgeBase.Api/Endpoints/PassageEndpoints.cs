using System.Security.Claims;
using KnowledgeBase.Api.Security;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Text.Time;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Api.Endpoints;

/// <summary>
/// One passage as the source viewer needs it: its text with the query's words marked, where it lies in the document
/// (pages, offsets into the first and last page's text, the part on each page), the page to open, its neighbours.
/// </summary>
/// <param name="Page">The page to open: where the best match of <c>q</c> lies (the passage's first page without a query).</param>
/// <param name="StartOffset">Offset of the passage's start in the text of <paramref name="PageStart"/>.</param>
/// <param name="EndOffset">Offset of the passage's end in the text of <paramref name="PageEnd"/>.</param>
/// <param name="Segments">Which characters of <paramref name="Text"/> come from which page.</param>
/// <param name="PreviousId">The passage before this one in the document, if any.</param>
/// <param name="NextId">The passage after this one in the document, if any.</param>
/// <param name="Times">The passage's time expressions with the years they mean ("今年 (2025)"), as search results carry them.</param>
/// <param name="OcrConfidence">For a passage recognised from a page image, the OCR confidence (0…1); null for text taken from the file.</param>
public sealed record PassageView(
    string Id, int Ordinal, int Page, int PageStart, int PageEnd, int StartOffset, int EndOffset, string HeadingPath, string Text,
    IReadOnlyList<int[]> Highlights, IReadOnlyList<PageSegment> Segments, string? PreviousId, string? NextId, DocumentView Document,
    IReadOnlyList<TimeMark> Times, double? OcrConfidence)
{
    /// <summary>Whether the passage was recognised from a page image (the viewer marks it "识别文本").</summary>
    public bool Ocr => OcrConfidence is not null;
}

/// <summary><c>GET /api/passages/{id}</c>.</summary>
public static class PassageEndpoints
{
    public static IEndpointRouteBuilder MapPassageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/passages/{id}", GetAsync).WithQueryLimits().WithTags("Search")
            .WithSummary("A passage with its place in the document, the query's words (q) marked, and its neighbours");
        return app;
    }

    private static async Task<IResult> GetAsync(
        string id, string? q, ClaimsPrincipal user, [FromServices] IDocumentCatalog catalog, [FromServices] IKnowledgeStore store,
        [FromServices] SearchService search, [FromServices] QueryAnalyzer analyzer, [FromServices] Highlighter highlighter,
        [FromServices] PassageTimeAnnotator times, CancellationToken ct)
    {
        var filter = new SearchFilter(user.ToAccessScope());
        var passage = await catalog.GetPassageAsync(id, filter, ct);
        var document = passage is null ? null : await store.GetDocumentAsync(passage.DocumentId, filter.Access, ct);
        if (passage is null || document is null) return ApiProblems.NotFound();

        var query = string.IsNullOrWhiteSpace(q) ? null : analyzer.Analyze(q, ct);
        // Resolved again by the resolver that dated the index (the index is re-dated whenever the resolver changes).
        var marks = SearchService.TimeMarks(times.Annotate(passage.Text, passage.HeadingPath, times.DocumentYear(document)).Mentions, query);
        var highlights = SearchService.WithTimes(query is null ? [] : highlighter.Find(passage.Text, query.HighlightTerms), marks, passage.Text.Length);
        var segments = await search.SegmentsAsync(passage, filter, ct);
        return Results.Ok(new PassageView(
            passage.Id, passage.Ordinal, PassagePages.BestPage(passage, highlights, segments), passage.Page, passage.PageEnd,
            passage.StartOffset, passage.EndOffset, passage.HeadingPath, passage.Text, highlights, segments,
            passage.Ordinal > 0 ? Passage.MakeId(document.Id, passage.Ordinal - 1) : null,
            passage.Ordinal + 1 < document.PassageCount ? Passage.MakeId(document.Id, passage.Ordinal + 1) : null,
            DocumentView.From(document, user), marks, passage.OcrConfidence));
    }
}
