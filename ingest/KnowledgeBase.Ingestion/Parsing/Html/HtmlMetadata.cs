using System.Text.RegularExpressions;
using AngleSharp.Dom;
using KnowledgeBase.Ingestion.Metadata;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Title, date and issuing body of a web page, read before the chrome is removed: government pages put 发文机关, 成文日期
/// and 发文字号 in a metadata table above the article, and publishing systems put dates and sources in meta tags.
/// </summary>
internal static partial class HtmlMetadata
{
    public static string? Title(IDocument document)
    {
        var title = document.Title is { } t ? HtmlTextWriter.Collapse(t) : "";
        if (title.Length == 0) title = document.QuerySelector("h1")?.TextContent is { } h1 ? HtmlTextWriter.Collapse(h1) : "";
        title = TitleHeuristics.StripSiteSuffix(title);
        return title.Length > 0 ? title : null;
    }

    /// <summary>Meta tags that carry the publication date.</summary>
    private static readonly HashSet<string> DateNames = ["publishdate", "pubdate", "date", "article:published_time", "dc.date", "dc.date.issued", "firstpublishedtime", "publish_date"];

    /// <summary>Meta tags that carry the issuing or publishing body.</summary>
    private static readonly HashSet<string> BodyNames = ["dc.publisher", "publisher", "dc.creator", "author", "contentsource", "source"];

    /// <summary>The labelled 成文日期 / 发布日期 of the metadata table, else a full date in a date meta tag.</summary>
    public static DateOnly? IssuedOn(IDocument document)
    {
        if (IssueDateFinder.FindLabelled(document.Body?.TextContent ?? "") is { } labelled) return labelled;
        foreach (var (name, content) in Metas(document))
            if (DateNames.Contains(name) && WrittenDates.First(content) is { } date) return date;
        return null;
    }

    /// <summary>The labelled 发文机关, else the body a 发文字号 prefix names, else a publisher meta tag.</summary>
    public static string? Organisation(IDocument document)
    {
        var text = document.Body?.TextContent ?? "";
        if (IssuingBodyFinder.FindLabelled(text) is { } labelled) return labelled;
        if (NumberLabel().Match(text) is { Success: true } m && DocumentNumber.Parse(m.Groups[1].Value) is { } number && DocumentNumberPrefixes.BodyOf(number) is { } body)
            return body;
        foreach (var (name, content) in Metas(document))
            if (BodyNames.Contains(name) && HtmlTextWriter.Collapse(content) is { Length: >= 2 and <= 40 } value) return value;
        return null;
    }

    private static IEnumerable<(string Name, string Content)> Metas(IDocument document) =>
        document.QuerySelectorAll("meta[name], meta[property]")
            .Select(meta => ((meta.GetAttribute("name") ?? meta.GetAttribute("property") ?? "").ToLowerInvariant(), meta.GetAttribute("content") ?? ""));

    [GeneratedRegex(@"发文字号\s*[:：]\s*(\S+?号)")]
    private static partial Regex NumberLabel();

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
