using AngleSharp.Dom;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Finds the content block of a page by text density: starting at the body, step into the child that holds most
/// of the text outside links, until no single child does. Navigation that survived the name rules is mostly
/// link text, so it does not pull the choice towards itself. No site-specific rules.
/// </summary>
internal static class HtmlContentLocator
{
    /// <summary>Share of the parent's non-link text a child must hold to be taken as the content instead.</summary>
    private const double Dominance = 0.8;

    public static IElement? Find(IDocument document)
    {
        var current = document.Body ?? document.DocumentElement;
        if (current is null) return null;
        while (true)
        {
            var total = NonLinkTextLength(current);
            if (total == 0) return current;
            IElement? next = null;
            foreach (var child in current.Children)
            {
                if (NonLinkTextLength(child) >= total * Dominance)
                {
                    next = child;
                    break;
                }
            }
            if (next is null) return current;
            current = next;
        }
    }

    private static int NonLinkTextLength(IElement element)
    {
        var all = VisibleLength(element.TextContent);
        var links = element.QuerySelectorAll("a").Sum(a => VisibleLength(a.TextContent));
        return Math.Max(0, all - links);
    }

    private static int VisibleLength(string text)
    {
        var count = 0;
        foreach (var c in text) if (!char.IsWhiteSpace(c)) count++;
        return count;
    }
}
