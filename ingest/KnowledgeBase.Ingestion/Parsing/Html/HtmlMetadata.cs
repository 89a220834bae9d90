using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>Title and year of a web page, read before the chrome is removed (dates often sit in a metadata table or a meta tag).</summary>
internal static partial class HtmlMetadata
{
    public static string? Title(IDocument document)
    {
        var title = document.Title is { } t ? HtmlTextWriter.Collapse(t) : "";
        if (title.Length == 0) title = document.QuerySelector("h1")?.TextContent is { } h1 ? HtmlTextWriter.Collapse(h1) : "";
        title = TitleHeuristics.StripSiteSuffix(title);
        return title.Length > 0 ? title : null;
    }

    public static int? Year(IDocument document)
    {
        foreach (var meta in document.QuerySelectorAll("meta[name], meta[property]"))
        {
            var name = (meta.GetAttribute("name") ?? meta.GetAttribute("property") ?? "").ToLowerInvariant();
            if (name is "publishdate" or "pubdate" or "date" or "article:published_time" or "dc.date" or "dc.date.issued" or "firstpublishedtime" or "publish_date"
                && YearIn(meta.GetAttribute("content")) is { } year)
                return year;
        }
        var text = document.Body?.TextContent ?? "";
        var labelled = LabelledDate().Match(text);
        return labelled.Success ? int.Parse(labelled.Groups[1].Value) : null;
    }

    private static int? YearIn(string? value) =>
        value is not null && AnyYear().Match(value) is { Success: true } m ? int.Parse(m.Value) : null;

    [GeneratedRegex(@"(?:成文日期|发文日期|发布日期|发布时间|印发日期|日期)\s*[:：]?\s*((?:19|20)\d{2})")]
    private static partial Regex LabelledDate();

    [GeneratedRegex(@"(?:19|20)\d{2}")]
    private static partial Regex AnyYear();
}
