using System.IO.Compression;
using System.Text;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Decides a file's format from its bytes; the extension only breaks ties between text formats.
/// A PDF renamed to .txt is read as a PDF, and an executable renamed to .pdf is refused.
/// </summary>
public static class FormatSniffer
{
    public static FileFormat Detect(ReadOnlySpan<byte> content, string fileName)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        var head = content[..Math.Min(content.Length, 1024)];
        if (head.IndexOf("%PDF-"u8) is >= 0 and < 1024) return FileFormat.Pdf;
        if (head.StartsWith("PK\u0003\u0004"u8)) return IsWordDocument(content) ? FileFormat.Docx : FileFormat.Unknown;
        if (LooksBinary(head)) return FileFormat.Unknown;
        if (LooksLikeHtml(head)) return FileFormat.Html;
        return ext is ".md" or ".markdown" ? FileFormat.Markdown : FileFormat.PlainText;
    }

    private static bool IsWordDocument(ReadOnlySpan<byte> content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content.ToArray()), ZipArchiveMode.Read);
            return zip.GetEntry("word/document.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> head)
    {
        var text = Encoding.ASCII.GetString(head).TrimStart('\uFEFF', ' ', '\r', '\n', '\t').ToLowerInvariant();
        return text.StartsWith("<!doctype html", StringComparison.Ordinal) || text.StartsWith("<html", StringComparison.Ordinal)
            || text.Contains("<html", StringComparison.Ordinal) || text.Contains("<body", StringComparison.Ordinal) || text.Contains("<head", StringComparison.Ordinal);
    }

    /// <summary>NUL bytes outside a UTF-16 pattern mean a binary file.</summary>
    private static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return false;
        var nul = 0;
        foreach (var b in head) if (b == 0) nul++;
        return nul > 0 && nul < head.Length / 3;
    }
}
