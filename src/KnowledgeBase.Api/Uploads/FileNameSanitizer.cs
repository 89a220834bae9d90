using System.Globalization;
using System.Text;
using KnowledgeBase.Ingestion.Parsing;

namespace KnowledgeBase.Api.Uploads;

/// <summary>
/// Makes a client-supplied file name safe to keep as metadata: only the last path segment (either slash), no
/// control or reserved characters, no invisible ones, no leading dots, bounded length. It is never used to build a
/// path on disk.
/// </summary>
/// <remarks>
/// Invisible characters go because a name is shown to other people: a right-to-left override (U+202E) turns
/// "report‮fdp.exe" into what reads as "reportexe.pdf", and zero-width or bidi characters make two names that look
/// the same differ. Dropped: every format character (bidi marks, embeddings, overrides and isolates, zero-width
/// spaces and joiners, the Arabic letter mark, tag characters), line and paragraph separators, control characters,
/// unpaired surrogates, and the invisible fillers and variation selectors the text parsers also remove.
/// </remarks>
public static class FileNameSanitizer
{
    public const int MaxLength = 120;
    private const string Fallback = "upload";

    public static string Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return Fallback;
        var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var clean = new StringBuilder(last.Length);
        for (var i = 0; i < last.Length;)
        {
            // An unpaired surrogate reads as U+FFFD, which is dropped like the other characters that show nothing meant.
            Rune.DecodeFromUtf16(last.AsSpan(i), out var rune, out var consumed);
            i += consumed;
            if (!Keeps(rune)) continue;
            clean.Append(rune.ToString());
        }
        var result = clean.ToString().Trim().TrimStart('.').Trim();
        if (result.Length > MaxLength)
        {
            var ext = Path.GetExtension(result);
            if (ext.Length is 0 or > 10) ext = "";
            var stem = result[..(MaxLength - ext.Length)];
            // A cut must not leave half of a surrogate pair behind.
            if (char.IsHighSurrogate(stem[^1])) stem = stem[..^1];
            result = stem + ext;
        }
        return result.Length == 0 || result is "." or ".." ? Fallback : result;
    }

    /// <summary>
    /// The name a document's original is downloaded under, from its title: a slash there belongs to the words
    /// ("2025/2026年度预算", "中国/东盟"), so it becomes a hyphen instead of cutting the title down to its last part.
    /// </summary>
    public static string FromTitle(string? title) => Sanitize(title?.Replace('/', '-').Replace('\\', '-'));

    private static bool Keeps(Rune rune)
    {
        if (rune == Rune.ReplacementChar) return false;
        if (rune.IsBmp && (InvisibleCharacters.IsInvisible((char)rune.Value) || rune.Value is '<' or '>' or ':' or '"' or '|' or '?' or '*')) return false;
        // Variation selectors of the supplement (U+E0100–E01EF) change nothing visible in a name.
        if (rune.Value is >= 0xE0100 and <= 0xE01EF) return false;
        return Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate);
    }
}
