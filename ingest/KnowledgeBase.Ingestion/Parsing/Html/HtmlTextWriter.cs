using System.Text;
using AngleSharp.Dom;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>A paragraph of a web page; <paramref name="HeadingLevel"/> is 1–6 for h1–h6, else 0.</summary>
internal sealed record HtmlBlock(string Text, int HeadingLevel);

/// <summary>
/// Writes the text of an element as paragraphs: block elements and &lt;br&gt; break paragraphs, table cells are
/// separated by tabs, white space collapses as a browser would (a line break inside Chinese text vanishes).
/// </summary>
internal static class HtmlTextWriter
{
    private static readonly HashSet<string> BlockElements =
    [
        "address", "article", "blockquote", "caption", "dd", "div", "dl", "dt", "figcaption", "figure", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "ul", "center", "body",
    ];

    public static IReadOnlyList<HtmlBlock> Blocks(IElement root)
    {
        var blocks = new List<HtmlBlock>();
        var current = new StringBuilder();
        Walk(root, current, blocks);
        Flush(current, blocks, 0);
        return blocks;
    }

    private static void Walk(INode node, StringBuilder current, List<HtmlBlock> blocks)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    current.Append(text.Data);
                    break;
                case IElement element:
                    var name = element.LocalName;
                    if (name == "br") { Flush(current, blocks, 0); continue; }
                    if (name is "h1" or "h2" or "h3" or "h4" or "h5" or "h6")
                    {
                        Flush(current, blocks, 0);
                        var heading = Collapse(element.TextContent);
                        if (heading.Length > 0) blocks.Add(new HtmlBlock(heading, name[1] - '0'));
                        continue;
                    }
                    if (name is "td" or "th")
                    {
                        if (current.Length > 0 && element.PreviousElementSibling is not null) current.Append('\t');
                        Walk(element, current, blocks);
                        continue;
                    }
                    var block = BlockElements.Contains(name);
                    if (block) Flush(current, blocks, 0);
                    Walk(element, current, blocks);
                    if (block) Flush(current, blocks, 0);
                    break;
            }
        }
    }

    private static void Flush(StringBuilder current, List<HtmlBlock> blocks, int level)
    {
        if (current.Length == 0) return;
        var text = Collapse(current.ToString());
        current.Clear();
        if (text.Length > 0) blocks.Add(new HtmlBlock(text, level));
    }

    /// <summary>Collapses white space runs to one space, drops a run that holds a line break between CJK characters, trims (also ideographic indents).</summary>
    public static string Collapse(string raw)
    {
        var text = new StringBuilder(raw.Length);
        var i = 0;
        while (i < raw.Length)
        {
            var c = raw[i];
            if (c != '\t' && !char.IsWhiteSpace(c)) { text.Append(c); i++; continue; }
            var start = i;
            var newline = false;
            while (i < raw.Length && (char.IsWhiteSpace(raw[i]) || raw[i] == '\t'))
            {
                if (raw[i] is '\n' or '\r') newline = true;
                i++;
            }
            // Tabs separate table cells and survive; other runs shrink to one space.
            var hasTab = raw.AsSpan(start, i - start).Contains('\t');
            if (hasTab) { text.Append('\t'); continue; }
            if (newline && text.Length > 0 && i < raw.Length && CjkText.IsCjk(text[^1]) && CjkText.IsCjk(raw[i])) continue;
            text.Append(' ');
        }
        return text.ToString().Trim().Trim('\t').Trim();
    }
}
