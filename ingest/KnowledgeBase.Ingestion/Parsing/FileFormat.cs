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

/// <summary>Media types and file-name extensions of the formats.</summary>
public static class FileFormats
{
    /// <summary>Every format the pipeline reads (all but <see cref="FileFormat.Unknown"/>).</summary>
    public static IReadOnlyList<FileFormat> Readable { get; } = Enum.GetValues<FileFormat>().Where(f => f != FileFormat.Unknown).ToArray();

    /// <summary>
    /// The usual extension of a format. A staged upload is named with it, so a file kept under a generated name still
    /// tells its format to the tools that go by extension (the sniffer for .wps and Markdown, LibreOffice, a person
    /// looking at the folder).
    /// </summary>
    public static string Extension(this FileFormat format) => format switch
    {
        FileFormat.Pdf => ".pdf",
        FileFormat.Docx => ".docx",
        FileFormat.Html => ".html",
        FileFormat.Markdown => ".md",
        FileFormat.PlainText => ".txt",
        FileFormat.Ofd => ".ofd",
        FileFormat.Doc => ".doc",
        FileFormat.Wps => ".wps",
        FileFormat.Rtf => ".rtf",
        FileFormat.Odt => ".odt",
        FileFormat.Xlsx => ".xlsx",
        FileFormat.Pptx => ".pptx",
        _ => ".bin",
    };

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
