using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using KnowledgeBase.Model;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Reads the main content of a web page with AngleSharp: site chrome (scripts, navigation, headers, footers,
/// share bars, breadcrumbs) is removed, the content block is found by text density (<see cref="HtmlContentLocator"/>),
/// block elements become paragraphs and h1–h6 become headings. The charset comes from a BOM or the meta tag,
/// checked against the bytes (GBK pages decode). Inline data URIs are cut before parsing so a page with
/// megabytes of base64 images costs no more than its text.
/// </summary>
public sealed partial class HtmlDocumentParser : IDocumentParser
{
    public FileFormat Format => FileFormat.Html;

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        var html = TextDecoder.Decode(content.Span, DeclaredCharset(content.Span)).Text;
        html = DataUri().Replace(html, "data:,");
        cancellationToken.ThrowIfCancellationRequested();

        var document = new HtmlParser().ParseDocument(html);
        var year = HtmlMetadata.Year(document);
        var issuedOn = HtmlMetadata.IssuedOn(document);
        var organisation = HtmlMetadata.Organisation(document);
        var pageTitle = HtmlMetadata.Title(document);

        HtmlChrome.Remove(document);
        cancellationToken.ThrowIfCancellationRequested();
        var root = HtmlContentLocator.Find(document);

        var blocks = new List<HtmlBlock>();
        // The page's h1 often sits above the content block (between the navigation and the article).
        var h1 = document.QuerySelector("h1");
        if (h1 is not null && root is not null && !root.Contains(h1) && h1.TextContent.Trim().Length > 0)
            blocks.Add(new HtmlBlock(HtmlTextWriter.Collapse(h1.TextContent), 1));
        if (root is not null) blocks.AddRange(HtmlTextWriter.Blocks(root));

        var text = new StringBuilder();
        var headings = new List<Heading>();
        foreach (var block in blocks)
        {
            if (block.HeadingLevel == 0 && HtmlBoilerplate.IsBoilerplate(block.Text)) continue;
            if (text.Length > 0) text.Append('\n');
            if (block.HeadingLevel > 0) headings.Add(new Heading(1, text.Length, block.HeadingLevel, block.Text));
            text.Append(block.Text);
        }

        var title = pageTitle ?? headings.FirstOrDefault(h => h.Level == 1)?.Text;
        return new ParsedDocument([new DocumentPage(1, text.ToString())], headings, title, null, year, issuedOn, organisation);
    }

    /// <summary>The charset a meta tag in the first bytes declares, if any.</summary>
    private static string? DeclaredCharset(ReadOnlySpan<byte> content)
    {
        var head = Encoding.ASCII.GetString(content[..Math.Min(content.Length, 4096)]);
        var match = MetaCharset().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?([A-Za-z0-9_\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    /// <summary>Inline payloads (base64 images, fonts) longer than a short icon.</summary>
    [GeneratedRegex(@"data:[^""'\s)>]{256,}")]
    private static partial Regex DataUri();
}
