using KnowledgeBase.Model;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Reads plain text in whatever encoding it was saved (see <see cref="TextDecoder"/>). Lines become paragraphs;
/// blank lines and trailing spaces are dropped. The title is the first line when it is short, reads like a
/// heading and stands apart (a blank line follows it).
/// </summary>
public sealed class PlainTextDocumentParser : IDocumentParser
{
    public FileFormat Format => FileFormat.PlainText;

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        var text = TextDecoder.Decode(content.Span).Text;
        cancellationToken.ThrowIfCancellationRequested();
        var lines = text.Split('\n');
        var title = TitleOf(lines);
        var body = string.Join('\n', lines.Select(l => l.TrimEnd()).Where(l => l.Trim().Length > 0));
        return new ParsedDocument([new DocumentPage(1, body)], [], title);
    }

    private static string? TitleOf(string[] lines)
    {
        var first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first < 0 || first + 1 >= lines.Length || lines[first + 1].Trim().Length > 0) return null;
        var candidate = lines[first].Trim();
        return TitleHeuristics.LooksLikeTitle(candidate) ? candidate : null;
    }
}
