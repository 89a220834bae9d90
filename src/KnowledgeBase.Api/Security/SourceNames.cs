using System.Security.Claims;
using KnowledgeBase.Security;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// What a caller is shown of where a document or job came from. A stored source is the absolute path of an ingested
/// file (<c>/srv/…/corpus/2024/report.pdf</c>) or <c>upload:ID/name.pdf</c>, and jobs also know the path of their
/// staged copy under the data directory. Paths tell an outsider how the server's disks are laid out and what its folders
/// are called, so only admins (who run the server) see them; everyone else sees the file name, and path-quoting text
/// such as a job's error shows file names in their place.
/// </summary>
public static class SourceNames
{
    public static bool SeesServerPaths(ClaimsPrincipal user) => user.GetRole() == ApiRole.Admin;

    /// <summary>The source as stored for admins; its file name for everyone else.</summary>
    public static string Show(string source, ClaimsPrincipal user) => SeesServerPaths(user) ? source : FileName(source);

    /// <summary>The last segment of a path or upload source (<c>upload:ID/name.pdf</c> → <c>name.pdf</c>).</summary>
    public static string FileName(string source)
    {
        var cut = source.LastIndexOfAny(['/', '\\']);
        return cut >= 0 && cut < source.Length - 1 ? source[(cut + 1)..] : source;
    }

    /// <summary>
    /// <paramref name="text"/> for admins; for everyone else with each of <paramref name="paths"/> (longest first, so a
    /// folder does not cut a file inside it in two) replaced by its file name.
    /// </summary>
    public static string? Redact(string? text, ClaimsPrincipal user, params IEnumerable<string?> paths)
    {
        if (text is null || SeesServerPaths(user)) return text;
        foreach (var path in paths.OfType<string>().Where(p => p.Length > 1).Distinct().OrderByDescending(p => p.Length))
            text = text.Replace(path, FileName(path.TrimEnd('/', '\\')), StringComparison.Ordinal);
        return text;
    }
}
