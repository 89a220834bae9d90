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
    /// <summary>OFD (GB/T 33190), the Chinese fixed-layout format.</summary>
    Ofd,
    /// <summary>Word 97-2003 binary (.doc), also used by WPS Office for .wps files.</summary>
    Doc,
    /// <summary>A .wps word-processor file not in Word's binary format (older WPS, Microsoft Works).</summary>
    Wps,
    Rtf,
    /// <summary>OpenDocument text (.odt).</summary>
    Odt,
    Xlsx,
    Pptx,
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
        FileFormat.Ofd => "application/ofd",
        FileFormat.Doc => "application/msword",
        FileFormat.Wps => "application/vnd.ms-works",
        FileFormat.Rtf => "application/rtf",
        FileFormat.Odt => "application/vnd.oasis.opendocument.text",
        FileFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        FileFormat.Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    };
}
