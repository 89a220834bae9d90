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
        };
    }

    /// <summary>Most values one filter field may list; each is a parameter of the store's query.</summary>
    public const int MaxValuesPerField = 50;

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
            error = $"'passageYear' lists {values.Count} values; a filter takes at most {MaxValuesPerField} per field.";
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
}
