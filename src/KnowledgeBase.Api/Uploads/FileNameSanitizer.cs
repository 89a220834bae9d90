using System.Text;

namespace KnowledgeBase.Api.Uploads;

/// <summary>
/// Makes a client-supplied file name safe to keep as metadata: only the last path segment (either slash), no
/// control or reserved characters, no leading dots, bounded length. It is never used to build a path on disk.
/// </summary>
public static class FileNameSanitizer
{
    public const int MaxLength = 120;
    private const string Fallback = "upload";

    public static string Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return Fallback;
        var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var clean = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            if (char.IsControl(c) || c is '<' or '>' or ':' or '"' or '|' or '?' or '*' or '\u0000') continue;
            clean.Append(c);
        }
        var result = clean.ToString().Trim().TrimStart('.').Trim();
        if (result.Length > MaxLength)
        {
            var ext = Path.GetExtension(result);
            result = ext.Length is > 0 and <= 10 ? result[..(MaxLength - ext.Length)] + ext : result[..MaxLength];
        }
        return result.Length == 0 || result is "." or ".." ? Fallback : result;
    }
}
