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

    public static FilterParameters From(HttpRequest request)
    {
        var q = request.Query;
        return new FilterParameters(Int(q["yearFrom"]), Int(q["yearTo"]), q["organisation"].ToArray()!, q["type"].ToArray()!, q["tag"].ToArray()!,
            q["language"].ToString() is { Length: > 0 } l ? l : null)
        {
            Document = q["document"].ToString() is { Length: > 0 } d ? d : null,
        };
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
}
