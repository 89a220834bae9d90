using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using Microsoft.AspNetCore.Http;

namespace KnowledgeBase.Api.Endpoints;

/// <summary>
/// The filter query parameters shared by search and document listings. List parameters may repeat
/// (<c>tag=a&amp;tag=b</c>) or hold comma-separated values.
/// </summary>
public sealed record FilterParameters(int? YearFrom, int? YearTo, string[]? Organisation, string[]? Type, string[]? Tag, string? Language)
{
    /// <summary>Restricts to one document (<c>document=ID</c>): "more passages in this document".</summary>
    public string? Document { get; init; }

    /// <summary>
    /// <c>passageYear=2016</c> (repeatable, comma-separated, any of): passages that speak about the year, whatever their
    /// document's year (<see cref="SearchFilter.PassageYears"/>). Search and ask; document listings list documents.
    /// </summary>
    public string[]? PassageYear { get; init; }

    public static FilterParameters From(HttpRequest request)
    {
        var q = request.Query;
        return new FilterParameters(Int(q["yearFrom"]), Int(q["yearTo"]), q["organisation"].ToArray()!, q["type"].ToArray()!, q["tag"].ToArray()!,
            q["language"].ToString() is { Length: > 0 } l ? l : null)
        {
            Document = q["document"].ToString() is { Length: > 0 } d ? d : null,
            PassageYear = q["passageYear"].ToArray()!,
            UnreadYear = Unread("yearFrom", q["yearFrom"]) ?? Unread("yearTo", q["yearTo"]),
        };
    }

    /// <summary>
    /// A document-year bound given in the query string that is not a number, as "field: value", or null. Ignoring it
    /// would answer as if no bound had been asked for: results from every year, with nothing to say the filter was dropped.
    /// </summary>
    public string? UnreadYear { get; init; }

    private static string? Unread(string field, Microsoft.Extensions.Primitives.StringValues value)
    {
        var text = value.ToString();
        return text.Length > 0 && Int(text) is null ? $"'{field}' must be a year (e.g. {field}=2016); '{(text.Length > 20 ? text[..20] + "…" : text)}' is not." : null;
    }

    /// <summary>Most values one filter field may list; each is a parameter of the store's query.</summary>
    public const int MaxValuesPerField = 50;

    /// <summary>
    /// Why these filters cannot be run (answered 400), or null: a year bound that is not a number, or too many values. Every list field (organisation, type, tag, passageYear)
    /// takes at most <see cref="MaxValuesPerField"/> distinct values, since each becomes a parameter of the store's query
    /// (tens of thousands overran SQLite's parameter limit); language is matched as one value.
    /// </summary>
    public string? Problem()
    {
        if (UnreadYear is { } unread) return unread;
        foreach (var (name, values) in new[] { ("organisation", Organisation), ("type", Type), ("tag", Tag) })
        {
            var count = Split(values).Count;
            if (count > MaxValuesPerField) return TooMany(name, count);
        }
        if (Language is { } language && language.IndexOfAny([',', '，']) >= 0)
            return "'language' takes one value (e.g. language=zh).";
        return TryPassageYears(out _, out var error) ? null : error;
    }

    private static string TooMany(string field, int count) =>
        $"'{field}' lists {count} values; a filter takes at most {MaxValuesPerField} per field.";

    /// <summary>
    /// The <see cref="PassageYear"/> values as years, or why they are not (answered 400): each must be a whole year
    /// from 1 to 9999, and there may be at most <see cref="MaxValuesPerField"/>.
    /// </summary>
    public bool TryPassageYears(out IReadOnlyList<int> years, out string? error)
    {
        years = [];
        error = null;
        var values = Split(PassageYear);
        if (values.Count > MaxValuesPerField)
        {
            error = TooMany("passageYear", values.Count);
            return false;
        }
        var parsed = new List<int>(values.Count);
        foreach (var value in values)
        {
            if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) || year is < 1 or > 9999)
            {
                error = $"'passageYear' must be a year from 1 to 9999 (e.g. passageYear=2016); '{(value.Length > 20 ? value[..20] + "…" : value)}' is not.";
                return false;
            }
            parsed.Add(year);
        }
        years = parsed.Distinct().Order().ToList();
        return true;
    }

    /// <summary>The caller's scope is always part of the filter; nothing here can widen it.</summary>
    public SearchFilter ToFilter(AccessScope scope) => new(scope)
    {
        YearFrom = YearFrom,
        YearTo = YearTo,
        Organisations = Split(Organisation),
        DocumentTypes = Split(Type),
        Tags = Split(Tag),
        Language = Language,
        DocumentId = Document,
        PassageYears = TryPassageYears(out var years, out _) ? years : [],
    };

    public static IReadOnlyList<string> Split(IEnumerable<string?>? values) =>
        values is null ? [] : values.Where(v => v is not null)
            .SelectMany(v => v!.Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();

    private static int? Int(string? text) => int.TryParse(text, out var v) ? v : null;
}

/// <summary>Answers shared by several endpoints.</summary>
public static class ApiProblems
{
    /// <summary>
    /// The one answer for a document, passage or job the caller may not see and for one that does not exist:
    /// same status, same body, so the difference cannot be observed.
    /// </summary>
    public static IResult NotFound() => Results.Problem("Not found.", statusCode: StatusCodes.Status404NotFound, title: "Not Found");

    /// <summary>
    /// Gives the answers the framework writes by itself a reason: routing answers 415 without a body when a request's
    /// Content-Type is not one its endpoint takes (a JSON body sent to the upload, a form sent to ask), and parameter
    /// binding answers 400 without one for a value of the wrong type (<c>top=abc</c>, a list where a string goes), and
    /// 413 without one for a body past the endpoint's size limit (sign-in, ask).
    /// </summary>
    public static void Explain(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Detail is not null) return;
        if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            var sent = context.HttpContext.Request.ContentType is { Length: > 0 } type ? $"'{(type.Length > 100 ? type[..100] + "…" : type)}'" : "no Content-Type";
            context.ProblemDetails.Detail = $"This endpoint does not take a body sent with {sent}: upload documents as multipart/form-data with a 'file' field; send other bodies as application/json.";
        }
        else if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge
                 && context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } limit)
        {
            context.ProblemDetails.Detail = $"The request body is larger than the {Size(limit)} this endpoint takes.";
        }
        else if (context.ProblemDetails.Status == StatusCodes.Status400BadRequest)
        {
            context.ProblemDetails.Detail = "The request could not be read: a parameter or a field of the JSON body is missing or of the wrong type " +
                "(numbers where numbers go; filter lists as one comma-separated string). The API reference is at /scalar.";
        }
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1048576.0:0.#} MiB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KiB" : $"{bytes} bytes";
}
