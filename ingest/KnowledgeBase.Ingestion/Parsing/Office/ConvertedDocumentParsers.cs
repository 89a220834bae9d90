namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// A format read by converting it to DOCX with LibreOffice (<see cref="LibreOfficeConverter"/>) and reading that with
/// <see cref="DocxDocumentParser"/>: paragraphs, tables, heading styles and document properties survive the conversion.
/// </summary>
public abstract class ConvertedDocumentParser(LibreOfficeConverter converter) : IDocumentParser
{
    private static readonly DocxDocumentParser Docx = new();

    public abstract FileFormat Format { get; }

    /// <summary>The extension the input file is given, which tells LibreOffice its import filter.</summary>
    protected abstract string Extension { get; }

    /// <summary>What the format is called in failure reasons.</summary>
    protected abstract string Kind { get; }

    /// <summary>LibreOffice's import filter for the format; null lets LibreOffice detect it.</summary>
    protected abstract string? ImportFilter { get; }

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        var docx = converter.ConvertToDocx(content, Extension, ImportFilter, Kind, cancellationToken);
        try
        {
            return Docx.Parse(docx, fileName, cancellationToken);
        }
        catch (UnreadableDocumentException e) when (e.Kind == FailureKind.Corrupt)
        {
            throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt {Kind}: its conversion could not be read ({e.Message})", e);
        }
    }
}

/// <summary>Word 97-2003 (.doc), and WPS Writer files saved in the same binary format.</summary>
public sealed class DocDocumentParser(LibreOfficeConverter converter) : ConvertedDocumentParser(converter)
{
    public override FileFormat Format => FileFormat.Doc;
    protected override string Extension => ".doc";
    protected override string Kind => "legacy Word document (.doc)";
    protected override string? ImportFilter => "MS Word 97";
}

/// <summary>WPS Office and Microsoft Works word-processor files (.wps) that are not in Word's binary format.</summary>
public sealed class WpsDocumentParser(LibreOfficeConverter converter) : ConvertedDocumentParser(converter)
{
    public override FileFormat Format => FileFormat.Wps;
    protected override string Extension => ".wps";
    protected override string Kind => "WPS document (.wps)";
    // WPS Office and Microsoft Works files need different filters; LibreOffice tells them apart itself.
    protected override string? ImportFilter => null;
}

/// <summary>Rich Text Format.</summary>
public sealed class RtfDocumentParser(LibreOfficeConverter converter) : ConvertedDocumentParser(converter)
{
    public override FileFormat Format => FileFormat.Rtf;
    protected override string Extension => ".rtf";
    protected override string Kind => "RTF document";
    protected override string? ImportFilter => "Rich Text Format";
}

/// <summary>OpenDocument text (.odt).</summary>
public sealed class OdtDocumentParser(LibreOfficeConverter converter) : ConvertedDocumentParser(converter)
{
    public override FileFormat Format => FileFormat.Odt;
    protected override string Extension => ".odt";
    protected override string Kind => "OpenDocument text (.odt)";
    protected override string? ImportFilter => "writer8";
}
