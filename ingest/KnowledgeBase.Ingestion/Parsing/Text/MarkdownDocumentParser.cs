using System.Text;
using System.Text.RegularExpressions;
using KnowledgeBase.Model;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Reads Markdown as text: headings (# and underlined) become <see cref="Heading"/>s, link and image syntax is
/// reduced to its words (URLs dropped), emphasis and code marks, HTML comments and tags are removed, table rows
/// become tab-separated cells. The title comes from YAML front matter or the first heading.
/// </summary>
public sealed partial class MarkdownDocumentParser : IDocumentParser
{
    public FileFormat Format => FileFormat.Markdown;

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        var source = TextDecoder.Decode(content.Span).Text;
        cancellationToken.ThrowIfCancellationRequested();
        var (frontTitle, body) = SplitFrontMatter(source);
        body = HtmlComment().Replace(body, "");

        var text = new StringBuilder();
        var headings = new List<Heading>();
        var lines = body.Split('\n');
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (FenceLine().IsMatch(line)) { inFence = !inFence; continue; }
            if (inFence) { AppendParagraph(text, line); continue; }
            if (line.Trim().Length == 0 || RuleLine().IsMatch(line) || TableSeparator().IsMatch(line) || LinkDefinition().IsMatch(line)) continue;

            int level;
            string content1;
            if (AtxHeading().Match(line) is { Success: true } atx)
            {
                level = atx.Groups[1].Length;
                content1 = atx.Groups[2].Value;
            }
            else if (i + 1 < lines.Length && SetextUnderline().Match(lines[i + 1]) is { Success: true } setext && !line.TrimStart().StartsWith('>'))
            {
                level = setext.Groups[1].Value.StartsWith('=') ? 1 : 2;
                content1 = line;
                i++;
            }
            else
            {
                AppendParagraph(text, Inline(Block(line)));
                continue;
            }
            var heading = Inline(content1).Trim();
            if (heading.Length == 0) continue;
            if (text.Length > 0) text.Append('\n');
            headings.Add(new Heading(1, text.Length, level, heading));
            text.Append(heading);
        }

        var title = frontTitle ?? headings.OrderBy(h => h.Level).ThenBy(h => h.Offset).FirstOrDefault()?.Text;
        return new ParsedDocument([new DocumentPage(1, text.ToString())], headings, title);
    }

    private static void AppendParagraph(StringBuilder text, string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0) return;
        if (text.Length > 0) text.Append('\n');
        text.Append(trimmed);
    }

    /// <summary>Removes block markers: quote marks, list bullets, table pipes.</summary>
    private static string Block(string line)
    {
        var text = QuoteMarker().Replace(line, "");
        text = Bullet().Replace(text, "");
        if (text.TrimStart().StartsWith('|'))
            text = string.Join('\t', text.Trim().Trim('|').Split('|').Select(c => c.Trim()));
        return text;
    }

    /// <summary>Reduces inline markup to its words.</summary>
    private static string Inline(string text)
    {
        text = Image().Replace(text, "$1");
        text = Link().Replace(text, "$1");
        text = ReferenceLink().Replace(text, "$1");
        text = AutoLink().Replace(text, "$1");
        text = HtmlTag().Replace(text, "");
        text = Emphasis().Replace(text, "$2");
        text = text.Replace("`", "");
        return text;
    }

    private static (string? Title, string Body) SplitFrontMatter(string text)
    {
        if (!text.StartsWith("---\n", StringComparison.Ordinal)) return (null, text);
        var end = text.IndexOf("\n---", 4, StringComparison.Ordinal);
        if (end < 0) return (null, text);
        var yaml = text[4..end];
        var afterFence = text.IndexOf('\n', end + 4);
        var body = afterFence < 0 ? "" : text[(afterFence + 1)..];
        var title = FrontMatterTitle().Match(yaml);
        return (title.Success ? title.Groups[1].Value.Trim().Trim('"', '\'') : null, body);
    }

    [GeneratedRegex(@"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")] private static partial Regex AtxHeading();
    [GeneratedRegex(@"^\s{0,3}(=+|-+)\s*$")] private static partial Regex SetextUnderline();
    [GeneratedRegex(@"^\s{0,3}(?:[-*_]\s*){3,}$")] private static partial Regex RuleLine();
    [GeneratedRegex(@"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")] private static partial Regex TableSeparator();
    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*\S+")] private static partial Regex LinkDefinition();
    [GeneratedRegex(@"^\s{0,3}(?:`{3,}|~{3,})")] private static partial Regex FenceLine();
    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)] private static partial Regex HtmlComment();
    [GeneratedRegex(@"^\s*(?:>\s?)+")] private static partial Regex QuoteMarker();
    [GeneratedRegex(@"^\s*[-*+]\s+(?:\[[ xX]\]\s+)?")] private static partial Regex Bullet();
    [GeneratedRegex(@"!\[([^\]]*)\]\([^)]*\)")] private static partial Regex Image();
    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")] private static partial Regex Link();
    [GeneratedRegex(@"\[([^\]]+)\]\[[^\]]*\]")] private static partial Regex ReferenceLink();
    [GeneratedRegex(@"<((?:https?|mailto):[^>\s]+)>")] private static partial Regex AutoLink();
    [GeneratedRegex(@"</?[a-zA-Z][^>]*>")] private static partial Regex HtmlTag();
    [GeneratedRegex(@"(\*\*|__|\*|~~)(?=\S)(.+?)(?<=\S)\1")] private static partial Regex Emphasis();
    [GeneratedRegex(@"^title:\s*(.+)$", RegexOptions.Multiline | RegexOptions.IgnoreCase)] private static partial Regex FrontMatterTitle();
}
