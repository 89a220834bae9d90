namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>Extracts text from one file format. Throws <see cref="UnreadableDocumentException"/> with a reason for files it cannot read.</summary>
public interface IDocumentParser
{
    /// <summary>The format this parser reads.</summary>
    FileFormat Format { get; }

    /// <summary>Parses the whole file. <paramref name="fileName"/> is only a hint (title fallback, logging).</summary>
    ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken);
}
