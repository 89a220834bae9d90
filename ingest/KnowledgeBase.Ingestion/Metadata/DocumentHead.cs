using KnowledgeBase.Ingestion.Parsing;

namespace KnowledgeBase.Ingestion.Metadata;

/// <summary>
/// The parts of a document its metadata is read from: the title the parser found, the start of the text (where
/// covers, red headers, document numbers, metadata blocks and datelines sit), its end (signature, 印发 line) and the
/// file name.
/// </summary>
public sealed record DocumentHead(string? Title, string Head, string Tail, string FileName)
{
    /// <summary>Characters of the text's start that are read: enough for a cover page and a metadata block.</summary>
    public const int HeadChars = 3000;
    /// <summary>Characters of the text's end that are read: the signature and the issuing line.</summary>
    public const int TailChars = 600;

    public static DocumentHead Of(ParsedDocument document, string fileName)
    {
        var text = string.Join('\n', document.Pages.Select(p => p.Text));
        var head = text.Length <= HeadChars ? text : text[..HeadChars];
        var tail = text.Length <= TailChars ? text : text[^TailChars..];
        return new DocumentHead(document.Title, head, tail, fileName);
    }

    /// <summary>The non-empty lines of the head, trimmed.</summary>
    public IReadOnlyList<string> HeadLines { get; } = Head.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}
