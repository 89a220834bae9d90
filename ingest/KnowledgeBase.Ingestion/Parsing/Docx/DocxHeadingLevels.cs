using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Decides which paragraphs of a Word document are headings and at what level: an outline level on the
/// paragraph or its style (inherited through basedOn), else a style named "heading N" / "标题 N" / "Title".
/// Chinese Word files often have style ids "1", "2" whose names are "heading 1", so names are looked up.
/// </summary>
internal sealed partial class DocxHeadingLevels
{
    private readonly Dictionary<string, Style> _styles;
    private readonly Dictionary<string, int?> _cache = new(StringComparer.Ordinal);

    public DocxHeadingLevels(MainDocumentPart main)
    {
        _styles = main.StyleDefinitionsPart?.Styles?.Elements<Style>()
            .Where(s => s.StyleId?.Value is not null)
            .GroupBy(s => s.StyleId!.Value!)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal) ?? [];
    }

    /// <summary>1–9 for a heading, null for body text.</summary>
    public int? LevelOf(Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties;
        if (properties?.OutlineLevel?.Val?.Value is { } outline) return outline < 9 ? outline + 1 : null;
        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        return styleId is null ? null : LevelOfStyle(styleId, depth: 0);
    }

    private int? LevelOfStyle(string styleId, int depth)
    {
        if (_cache.TryGetValue(styleId, out var cached)) return cached;
        int? level = null;
        if (depth < 10 && _styles.TryGetValue(styleId, out var style))
        {
            if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline)
                level = outline < 9 ? outline + 1 : null;
            else if (LevelFromName(style.StyleName?.Val?.Value) is { } named)
                level = named;
            else if (style.BasedOn?.Val?.Value is { } parent)
                level = LevelOfStyle(parent, depth + 1);
        }
        level ??= LevelFromName(styleId);
        _cache[styleId] = level;
        return level;
    }

    private static int? LevelFromName(string? name)
    {
        if (name is null) return null;
        if (name.Equals("Title", StringComparison.OrdinalIgnoreCase) || name == "标题") return 1;
        var match = HeadingName().Match(name);
        return match.Success ? int.Parse(match.Groups[1].Value) : null;
    }

    [GeneratedRegex(@"^(?:heading|标题)\s*([1-9])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeadingName();
}
