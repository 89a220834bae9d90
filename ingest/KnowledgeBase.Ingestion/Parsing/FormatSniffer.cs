using System.Text;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Decides a file's format from its bytes; the extension only breaks ties between text formats.
/// A PDF renamed to .txt is read as a PDF, and an executable renamed to .pdf is refused.
/// <see cref="DescribeUnsupported"/> says what an <see cref="FileFormat.Unknown"/> file is, for the failure reason.
/// </summary>
public static class FormatSniffer
{
    private static ReadOnlySpan<byte> OleSignature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public static FileFormat Detect(ReadOnlySpan<byte> content, string fileName)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        var head = content[..Math.Min(content.Length, 1024)];
        if (head.IndexOf("%PDF-"u8) >= 0) return FileFormat.Pdf;
        if (head.StartsWith("PK\u0003\u0004"u8)) return ZipFormat(content);
        if (head.StartsWith(OleSignature)) return OleFormat(content, ext);
        if (head.StartsWith("{\\rtf"u8)) return FileFormat.Rtf;
        if (KnownBinary(head) is not null || LooksBinary(head)) return FileFormat.Unknown;
        if (LooksLikeHtml(head)) return FileFormat.Html;
        return ext is ".md" or ".markdown" ? FileFormat.Markdown : FileFormat.PlainText;
    }

    /// <summary>A reason a person can act on for a file whose format is <see cref="FileFormat.Unknown"/>.</summary>
    public static string DescribeUnsupported(ReadOnlySpan<byte> content, string fileName)
    {
        var ext = Path.GetExtension(fileName);
        var extension = ext.Length == 0 ? "no extension" : ext;
        var head = content[..Math.Min(content.Length, 1024)];
        if (head.StartsWith(OleSignature)) return DescribeOle(content);
        if (head.StartsWith("PK\u0003\u0004"u8)) return DescribeZip(content, extension);
        return KnownBinary(head) is { } kind
            ? $"unsupported file type: {kind} ({extension})"
            : $"unsupported file type ({extension}; content is not PDF, OFD, Word, WPS, RTF, OpenDocument text, Excel, PowerPoint, HTML or text)";
    }

    /// <summary>
    /// Zip packages name their parts in the zip directory, and the names are stored uncompressed, so no inflating is
    /// needed: Word, Excel and PowerPoint by their main part, OFD by its entry file, OpenDocument by its mimetype entry
    /// (stored first and uncompressed, as the standard requires).
    /// </summary>
    private static FileFormat ZipFormat(ReadOnlySpan<byte> content)
    {
        if (content.IndexOf("word/document.xml"u8) >= 0) return FileFormat.Docx;
        if (content.IndexOf("xl/workbook.xml"u8) >= 0) return FileFormat.Xlsx;
        if (content.IndexOf("ppt/presentation.xml"u8) >= 0) return FileFormat.Pptx;
        if (content.IndexOf("OFD.xml"u8) >= 0) return FileFormat.Ofd;
        if (content[..Math.Min(content.Length, 256)].IndexOf("application/vnd.oasis.opendocument.text"u8) >= 0) return FileFormat.Odt;
        return FileFormat.Unknown;
    }

    /// <summary>
    /// OLE compound files name their streams in UTF-16 in the directory sectors. Word's binary format has a WordDocument
    /// stream whatever the extension (WPS Office saves .wps files in it too); a .wps file without one is an older WPS or
    /// Microsoft Works file, which LibreOffice also reads. Encrypted packages, Excel and PowerPoint binaries are not read.
    /// </summary>
    private static FileFormat OleFormat(ReadOnlySpan<byte> content, string extension)
    {
        if (content.IndexOf(Encoding.Unicode.GetBytes("EncryptedPackage")) >= 0) return FileFormat.Unknown;
        if (content.IndexOf(Encoding.Unicode.GetBytes("WordDocument")) >= 0) return FileFormat.Doc;
        return extension == ".wps" ? FileFormat.Wps : FileFormat.Unknown;
    }

    private static string DescribeZip(ReadOnlySpan<byte> content, string extension)
    {
        if (content.IndexOf("application/vnd.oasis.opendocument"u8) >= 0) return "OpenDocument spreadsheet or presentation (.ods/.odp) is not supported; save as .xlsx or .pptx";
        return $"zip archive ({extension}) is not supported; unpack it and ingest the files";
    }

    /// <summary>OLE compound files name their streams in UTF-16 in the directory sectors.</summary>
    private static string DescribeOle(ReadOnlySpan<byte> content)
    {
        if (content.IndexOf(Encoding.Unicode.GetBytes("EncryptedPackage")) >= 0) return "password-protected Office document (encrypted package); remove the password and save it again";
        if (content.IndexOf(Encoding.Unicode.GetBytes("Workbook")) >= 0) return "legacy .xls (Excel 97-2003) is not supported; save as .xlsx";
        if (content.IndexOf(Encoding.Unicode.GetBytes("PowerPoint Document")) >= 0) return "legacy .ppt (PowerPoint 97-2003) is not supported; save as .pptx";
        return "legacy Office (OLE compound) file is not supported; save as .docx";
    }

    /// <summary>Signatures of common binary files that must never be read as text.</summary>
    private static string? KnownBinary(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(OleSignature)) return "legacy Office (OLE compound) file";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47])) return "PNG image (no text; OCR is not available)";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "JPEG image (no text; OCR is not available)";
        if (head.StartsWith("GIF8"u8)) return "GIF image";
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)) return "TIFF image (no text; OCR is not available)";
        if (head.StartsWith("BM"u8) && head.Length > 14 && head[6] == 0 && head[7] == 0) return "BMP image";
        if (head.StartsWith("RIFF"u8) && head.Length >= 12 && head[8..12].SequenceEqual("WEBP"u8)) return "WebP image";
        if (head.StartsWith("MZ"u8)) return "Windows executable";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46])) return "ELF executable";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xCA, 0xFE, 0xBA, 0xBE])) return "Mach-O executable";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])) return "gzip archive";
        if (head.StartsWith("7z\u00BC\u00AF\u0027\u001C"u8) || head.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C])) return "7-Zip archive";
        if (head.StartsWith("Rar!"u8)) return "RAR archive";
        return null;
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> head)
    {
        var text = Encoding.ASCII.GetString(head).TrimStart('\uFEFF', ' ', '\r', '\n', '\t').ToLowerInvariant();
        return text.StartsWith("<!doctype html", StringComparison.Ordinal) || text.StartsWith("<html", StringComparison.Ordinal)
            || text.Contains("<html", StringComparison.Ordinal) || text.Contains("<body", StringComparison.Ordinal) || text.Contains("<head", StringComparison.Ordinal);
    }

    /// <summary>NUL bytes mean a binary file, unless they all fall on one byte parity (UTF-16 text without a BOM).</summary>
    private static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return false;
        int evenNul = 0, oddNul = 0;
        for (var i = 0; i < head.Length; i++)
        {
            if (head[i] != 0) continue;
            if (i % 2 == 0) evenNul++; else oddNul++;
        }
        if (evenNul + oddNul == 0) return false;
        return TextDecoder.Utf16WithoutBom(head[..(head.Length & ~1)]) is null;
    }
}
