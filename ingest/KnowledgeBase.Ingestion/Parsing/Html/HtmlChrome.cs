using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>Removes what is site furniture rather than content: non-text elements, navigation, footers, share bars and hidden elements.</summary>
internal static partial class HtmlChrome
{
    private const string NonContent =
        "script, style, noscript, iframe, frame, object, embed, svg, canvas, template, form, button, select, textarea, input, " +
        "nav, aside, footer, menu, map, audio, video, link, meta, [hidden], [aria-hidden=true], [role=navigation], [role=banner], [role=contentinfo]";

    public static void Remove(IDocument document)
    {
        foreach (var element in document.QuerySelectorAll(NonContent).ToList()) element.Remove();
        // A page header holds logo, search and menu; inside an article it holds the title, which stays.
        foreach (var header in document.QuerySelectorAll("header").Where(h => h.Closest("article, main") is null).ToList()) header.Remove();

        var bodyText = document.Body?.TextContent.Length ?? 0;
        foreach (var element in document.QuerySelectorAll("[id], [class], [style]").ToList())
        {
            if (element.Parent is null || element.LocalName is "body" or "html") continue;
            if (IsHidden(element) || (IsChromeByName(element) && element.TextContent.Length < bodyText * 0.3)) element.Remove();
        }
    }

    private static bool IsHidden(IElement element) =>
        element.GetAttribute("style") is { } style && HiddenStyle().IsMatch(style);

    private static bool IsChromeByName(IElement element)
    {
        var names = $"{element.Id} {element.ClassName}";
        return names.Trim().Length > 0 && ChromeName().IsMatch(names);
    }

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();

    /// <summary>id/class words of navigation, breadcrumbs, menus, footers, share bars, copyright notes and the like.</summary>
    [GeneratedRegex(@"(?:^|[\s_\-])(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|crumbs?|bread|footer|foot|share|sharing|bdshare|copyright|sidebar|side|toolbar|topbar|top-bar|banner|advert|ads?|comments?|related|login|search|qr|qrcode|erweima|print|weixin|wechat|position|location|dqwz|skip|pagination|pager)(?:$|[\s_\-\d])", RegexOptions.IgnoreCase)]
    private static partial Regex ChromeName();
}
