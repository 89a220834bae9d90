using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>Title, author and year of a PDF: from its information dictionary, the title falling back to the largest type on page 1.</summary>
internal static partial class PdfMetadataReader
{
    public static (string? Title, string? Author, int? Year) Read(PdfDocument document, PdfPageLayout? firstPage)
    {
        var info = document.Information;
        var title = Clean(info.Title);
        if (title is not null && IsPlaceholderTitle(title)) title = null;
        title ??= LargestTypeOn(firstPage);
        var author = Clean(info.Author);
        int? year = null;
        try
        {
            year = info.GetCreatedDateTimeOffset()?.Year;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // A malformed date string is not worth failing the file for.
        }
        if (year is < 1900 or > 2100) year = null;
        return (title, author, year);
    }

    /// <summary>The consecutive lines set in the largest type on the page, when that type stands out from the body.</summary>
    internal static string? LargestTypeOn(PdfPageLayout? page)
    {
        if (page is null) return null;
        var lines = page.Blocks.SelectMany(b => b.Lines).Where(l => l.Horizontal && l.Text.Count(c => !char.IsWhiteSpace(c)) >= 2 && !RunningLineFilter.IsPageNumber(l.Text)).ToList();
        if (lines.Count == 0) return null;
        var body = lines.Select(l => l.FontSize).Order().ElementAt(lines.Count / 2);
        var largest = lines.Max(l => l.FontSize);
        if (largest < body * 1.15) return null;
        var title = LineJoiner.Join(lines.SkipWhile(l => l.FontSize < largest - 0.5).TakeWhile(l => l.FontSize >= largest - 0.5).Select(l => l.Text));
        return title.Length is >= 2 and <= 200 && !GarbageText.IsGarbage(title) ? title : null;
    }

    private static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Replace('\0', ' ').Trim();
        return text.Length == 0 || GarbageText.IsGarbage(text) ? null : text;
    }

    /// <summary>Titles that producers fill in by themselves: file names, "Untitled", "Microsoft Word - report.doc".</summary>
    private static bool IsPlaceholderTitle(string title) =>
        title.Length < 3 || PlaceholderTitle().IsMatch(title) || (!title.Contains(' ') && title.Contains('_')); // "090_P2ARM_TPLANTS"

    [GeneratedRegex(@"^(?:untitled.*|无标题.*|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|tex|dvi|indd|wpd|pptx?|xlsx?|rtf|txt))$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderTitle();
}
