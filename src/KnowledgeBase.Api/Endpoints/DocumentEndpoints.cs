using System.Globalization;
using System.Security.Claims;
using KnowledgeBase.Api.Security;
using KnowledgeBase.Api.Uploads;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Ingestion.Pipeline;
using KnowledgeBase.Jobs;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace KnowledgeBase.Api.Endpoints;

/// <summary>A document as the API shows it, with its passages when asked for one document.</summary>
/// <param name="Source">Where the document came from: its file name, or for admins the stored source (server path or upload name, <see cref="SourceNames"/>).</param>
public sealed record DocumentView(
    string Id, string Title, string Source, string MediaType, int PageCount, int PassageCount, DocumentMetadata Metadata,
    DateTimeOffset IngestedAt, string FileUrl, IReadOnlyList<Passage>? Passages = null)
{
    public static DocumentView From(DocumentRecord d, ClaimsPrincipal viewer, IReadOnlyList<Passage>? passages = null) =>
        new(d.Id, d.Title, SourceNames.Show(d.Source, viewer), d.MediaType, d.PageCount, d.PassageCount, d.Metadata, d.IngestedAt,
            $"/api/documents/{Uri.EscapeDataString(d.Id)}/file", passages);
}

/// <summary>
/// The extracted text of a document — the text its passages were cut from — page by page (all pages, or the one asked
/// for). Offsets of passages (<see cref="Passage.StartOffset"/>) index into these page texts.
/// </summary>
public sealed record DocumentTextView(string DocumentId, string Title, string MediaType, int PageCount, IReadOnlyList<DocumentPage> Pages);

/// <summary>What <c>POST /api/documents</c> answers: the job to poll.</summary>
public sealed record UploadAccepted(string JobId, string State, string StatusUrl);

/// <summary>Upload, listing, viewing, files, deletion, re-indexing and approval of documents.</summary>
public static class DocumentEndpoints
{
    /// <summary>Room for the form fields beside the file in a multipart body.</summary>
    private const long FormOverheadBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app, ApiOptions options)
    {
        var documents = app.MapGroup("/api/documents").WithTags("Documents");
        documents.MapPost("/", UploadAsync)
            .RequireAuthorization(Policies.CanUpload)
            .RequireRateLimiting(ApiRateLimiting.UploadPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxUploadBytes + FormOverheadBytes))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = options.MaxUploadBytes + FormOverheadBytes })
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<UploadAccepted>(StatusCodes.Status202Accepted)
            .WithSummary("Upload a document (multipart: file, title, organisation, year, type, tags, visibility, organisations)");
        documents.MapGet("/", ListAsync).WithRequestTimeout(QueryLimits.TimeoutPolicy)
            .WithSummary("Documents the caller may see: filters, title search (q), order (sort=ingested|year|title, order=desc|asc), review state (review=pending|published), paging (offset, limit ≤ 200)");
        documents.MapGet("/{id}", GetAsync).WithSummary("A document's metadata and passages");
        documents.MapGet("/{id}/text", TextAsync).WithSummary("The extracted text the passages were cut from, all pages or ?page=N (inert text, for viewers)");
        documents.MapGet("/{id}/file", FileAsync).WithSummary("The original file: PDFs and text inline (PDFs open at #page=N), HTML and Word as downloads; never run in this origin");
        documents.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Policies.Staff).WithSummary("Delete a document and its passages");
        documents.MapPost("/{id}/reindex", ReindexAsync).RequireAuthorization(Policies.Staff).WithSummary("Queue the stored original for ingest again");
        documents.MapPost("/{id}/approve", ApproveAsync).RequireAuthorization(Policies.Staff).WithSummary("Approve a partner upload after review");
        return app;
    }

    private static async Task<IResult> UploadAsync(
        HttpContext context, [FromServices] IIngestQueue queue, [FromServices] UploadStaging staging,
        [FromServices] IEnumerable<IDocumentParser> parsers, [FromServices] IOptions<ApiOptions> options, CancellationToken ct)
    {
        var max = options.Value.MaxUploadBytes;
        if (context.Request.ContentLength > max + FormOverheadBytes) return TooLarge(max);
        if (!context.Request.HasFormContentType) return Results.Problem("Send the document as multipart/form-data with a 'file' field.", statusCode: 400);

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The body outgrew the request's size limit: the only way an upload is too large, since the multipart
            // reader's own body limit is the same size and the form fields beside the file count towards both.
            return TooLarge(max);
        }
        catch (BadHttpRequestException e)
        {
            return Malformed(e.Message);
        }
        catch (InvalidDataException e)
        {
            // The multipart reader's refusals: no boundary in the Content-Type, an overlong boundary, too many or too
            // long part headers or form fields.
            return Malformed(e.Message);
        }
        catch (IOException) when (!ct.IsCancellationRequested)
        {
            // The reader ran out of body before the closing boundary: a truncated body, or parts separated by another
            // boundary than the one the Content-Type names.
            return Malformed("the body ended before its closing boundary (truncated, or its parts use another boundary than the Content-Type names).");
        }

        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0) return Results.Problem("The form needs a non-empty 'file'.", statusCode: 400);
        if (file.Length > max) return TooLarge(max);

        var metadata = ReadMetadata(form, context.User, out var error);
        if (metadata is null) return Results.Problem(error, statusCode: 400);

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(content, ct);
        var originalName = FileNameSanitizer.Sanitize(file.FileName);
        // The type is decided by the bytes; the name only breaks ties between text formats.
        var format = FormatSniffer.Detect(content, originalName);
        if (format == FileFormat.Unknown || parsers.All(p => p.Format != format))
            return Results.Problem($"Unsupported file type: the content of '{originalName}' is not a document this server can read (PDF, OFD, Word, WPS, RTF, OpenDocument text, Excel, PowerPoint, HTML or text).",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type");

        var staged = await staging.StageAsync(content, format, ct);
        // Each upload is its own source, so two uploads named alike never replace each other.
        var source = $"upload:{Path.GetFileNameWithoutExtension(staged)}/{originalName}";
        var job = await queue.EnqueueAsync(new IngestJobRequest(staged, source, metadata, DocumentId: null, SubmittedBy: context.User.GetCallerId()), ct);
        var statusUrl = $"/api/jobs/{Uri.EscapeDataString(job.Id)}";
        return Results.Accepted(statusUrl, new UploadAccepted(job.Id, job.State.ToString().ToLowerInvariant(), statusUrl));
    }

    /// <summary>
    /// Reads the form's metadata. A partner's upload always waits for review, belongs to its organisation and is shared
    /// with it, so the organisation sees its own upload whatever visibility it chose; uploads by other roles belong to
    /// no organisation.
    /// </summary>
    private static DocumentMetadata? ReadMetadata(IFormCollection form, ClaimsPrincipal user, out string error)
    {
        error = "";
        var visibility = Visibility.Public;
        // A repeated field reads as "a,b" and is refused like any other text that is not one name.
        var visibilityText = form["visibility"].ToString();
        if (visibilityText.Trim().Length > 0 && !VisibilityNames.TryParse(visibilityText, out visibility))
        {
            error = VisibilityNames.Expected("visibility");
            return null;
        }
        int? year = null;
        var yearText = form["year"].ToString().Trim();
        if (yearText.Length > 0)
        {
            if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 1900 or > 2100)
            {
                error = "year must be a number between 1900 and 2100.";
                return null;
            }
            year = y;
        }
        var isPartner = user.GetRole() == ApiRole.Partner;
        var owner = isPartner ? user.GetOrganisation() : null;
        var sharedWith = FilterParameters.Split(form["organisations"].ToArray()).Take(50).ToList();
        if (owner is not null && !sharedWith.Contains(owner)) sharedWith.Add(owner);
        return new DocumentMetadata
        {
            Title = Text(form["title"], 300),
            Organisation = Text(form["organisation"], 200),
            Year = year,
            DocumentType = Text(form["type"], 100),
            Tags = FilterParameters.Split(form["tags"].ToArray()).Select(InvisibleCharacters.Remove).Where(t => t.Length > 0).Take(50).ToList(),
            Language = Text(form["language"], 10),
            Visibility = visibility,
            SharedWith = sharedWith,
            OwnerOrganisation = owner,
            PendingReview = isPartner,
        };
    }

    /// <summary>
    /// A form field as metadata: without invisible characters (a right-to-left override in a title shown to others
    /// disguises it as it would a file name), trimmed, bounded.
    /// </summary>
    private static string? Text(Microsoft.Extensions.Primitives.StringValues value, int max)
    {
        var text = InvisibleCharacters.Remove(value.ToString()).Trim();
        return text.Length == 0 ? null : text.Length > max ? text[..max] : text;
    }

    private static IResult Malformed(string reason) =>
        Results.Problem($"The upload is not a well-formed multipart/form-data body: {reason}", statusCode: StatusCodes.Status400BadRequest, title: "Malformed upload");

    private static IResult TooLarge(long max) =>
        Results.Problem($"The upload is larger than the limit of {max / 1048576.0:0.#} MiB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload Too Large");

    private static async Task<IResult> ListAsync(
        HttpRequest request, ClaimsPrincipal user, int? offset, int? limit, string? q, string? sort, string? order, string? review,
        [FromServices] IDocumentCatalog catalog, CancellationToken ct)
    {
        if (!TryParseSort(sort, out var by)) return Results.Problem("sort must be ingested, year or title.", statusCode: 400);
        if (order is not (null or "" or "asc" or "desc")) return Results.Problem("order must be asc or desc.", statusCode: 400);
        if (review is not (null or "" or "pending" or "published")) return Results.Problem("review must be pending or published.", statusCode: 400);
        // Refused rather than corrected, as search does: a caller paging with a wrong bound learns it instead of
        // silently getting another page than it asked for.
        if (limit is < 1 or > DocumentListRequest.MaxLimit) return Results.Problem($"limit must be between 1 and {DocumentListRequest.MaxLimit} (is {limit}).", statusCode: 400);
        if (offset is < 0) return Results.Problem($"offset must not be negative (is {offset}).", statusCode: 400);
        var parameters = FilterParameters.From(request);
        if (parameters.Problem() is { } badFilter) return Results.Problem(badFilter, statusCode: 400);
        var filter = parameters.ToFilter(user.ToAccessScope());
        var list = await catalog.ListAsync(new DocumentListRequest(filter, offset ?? 0, limit ?? 20)
        {
            TitleContains = string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            Sort = by,
            // Titles read A→Z by default; dates newest first.
            Ascending = order == "asc" || (order is null or "" && by == DocumentSort.Title),
            PendingReview = review switch { "pending" => true, "published" => false, _ => null },
        }, ct);
        return Results.Ok(new { list.Total, list.Offset, list.Limit, documents = list.Documents.Select(d => DocumentView.From(d, user)) });
    }

    private static bool TryParseSort(string? text, out DocumentSort sort)
    {
        sort = DocumentSort.Ingested;
        if (string.IsNullOrEmpty(text)) return true;
        return text is "ingested" or "year" or "title" && Enum.TryParse(text, ignoreCase: true, out sort);
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, [FromServices] IKnowledgeStore store, CancellationToken ct)
    {
        var scope = user.ToAccessScope();
        var document = await store.GetDocumentAsync(id, scope, ct);
        if (document is null) return ApiProblems.NotFound();
        return Results.Ok(DocumentView.From(document, user, await store.GetPassagesAsync(id, scope, ct)));
    }

    private static async Task<IResult> TextAsync(string id, int? page, ClaimsPrincipal user, [FromServices] IKnowledgeStore store, CancellationToken ct)
    {
        if (page is < 1) return Results.Problem("page must be 1 or more.", statusCode: StatusCodes.Status400BadRequest);
        var scope = user.ToAccessScope();
        var document = await store.GetDocumentAsync(id, scope, ct);
        if (document is null) return ApiProblems.NotFound();
        var pages = await store.GetPagesAsync(id, scope, page, ct);
        if (page is not null && pages.Count == 0)
            return Results.Problem($"The document has {document.PageCount} pages; there is no page {page}.", statusCode: StatusCodes.Status404NotFound, title: "Not Found");
        return Results.Ok(new DocumentTextView(document.Id, document.Title, document.MediaType, document.PageCount, pages));
    }

    private static async Task<IResult> FileAsync(string id, HttpContext context, [FromServices] IKnowledgeStore store, [FromServices] IOriginalFileStore originals, CancellationToken ct)
    {
        var document = await store.GetDocumentAsync(id, context.User.ToAccessScope(), ct);
        var original = document is null ? null : await originals.OpenAsync(document.ContentHash, ct);
        if (document is null || original is null) return ApiProblems.NotFound();
        // The response disposes the stream once it is sent.
        context.Response.RegisterForDisposeAsync(original);

        var name = FileNameSanitizer.FromTitle(document.Title) + original.Extension;
        var served = ServedFile.For(document.MediaType);
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue(served.Inline ? "inline" : "attachment") { FileNameStar = name }.ToString();
        SecurityHeaders.ServeAsDocument(context);
        if (served.ContentSecurityPolicy is { } policy) context.Response.Headers.ContentSecurityPolicy = policy;
        var mediaType = document.MediaType.StartsWith("text/", StringComparison.Ordinal) ? document.MediaType + "; charset=utf-8" : document.MediaType;
        return Results.Stream(original.Content, mediaType, enableRangeProcessing: true);
    }

    private static async Task<IResult> DeleteAsync(string id, [FromServices] IKnowledgeStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? Results.NoContent() : ApiProblems.NotFound();

    private static async Task<IResult> ReindexAsync(
        string id, ClaimsPrincipal user, [FromServices] IKnowledgeStore store, [FromServices] IOriginalFileStore originals,
        [FromServices] UploadStaging staging, [FromServices] IIngestQueue queue, CancellationToken ct)
    {
        var document = await store.GetDocumentAsync(id, user.ToAccessScope(), ct);
        if (document is null) return ApiProblems.NotFound();
        await using var original = await originals.OpenAsync(document.ContentHash, ct);
        if (original is null) return Results.Problem("The original file of this document is no longer stored.", statusCode: StatusCodes.Status409Conflict);
        var staged = await staging.StageCopyAsync(original.Content, original.Extension, ct);
        var job = await queue.EnqueueAsync(new IngestJobRequest(staged, document.Source, document.Metadata, document.Id, user.GetCallerId()), ct);
        var statusUrl = $"/api/jobs/{Uri.EscapeDataString(job.Id)}";
        return Results.Accepted(statusUrl, new UploadAccepted(job.Id, job.State.ToString().ToLowerInvariant(), statusUrl));
    }

    /// <summary>Clears the pending mark in the store (where search enforces it), then records who decided, where a review log is kept.</summary>
    private static async Task<IResult> ApproveAsync(string id, ClaimsPrincipal user, [FromServices] IDocumentReview review, [FromServices] IReviewLog? log, CancellationToken ct)
    {
        if (!await review.ApproveAsync(id, ct)) return ApiProblems.NotFound();
        if (log is not null) await log.RecordApprovalAsync(id, user.GetCallerId(), ct);
        return Results.NoContent();
    }
}
