namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>File formats the ingest pipeline understands.</summary>
public enum FileFormat
{
    Unknown,
    Pdf,
    Docx,
    Html,
    PlainText,
    Markdown,
}

/// <summary>Media types of the formats.</summary>
public static class FileFormats
{
    public static string MediaType(this FileFormat format) => format switch
    {
        FileFormat.Pdf => "application/pdf",
        FileFormat.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        FileFormat.Html => "text/html",
        FileFormat.Markdown => "text/markdown",
        FileFormat.PlainText => "text/plain",
        _ => "application/octet-stream",
    };
}
