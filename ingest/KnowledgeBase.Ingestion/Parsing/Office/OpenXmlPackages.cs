using System.Runtime.InteropServices;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// What the Open XML parsers (DOCX, XLSX, PPTX) share: a read-only stream over the bytes, the part size cap, and the
/// mapping of the SDK's exceptions to failure reasons (a DTD is refused as unsafe, malformed XML and broken packages are
/// corrupt, an oversized part is unsafe).
/// </summary>
internal static class OpenXmlPackages
{
    /// <summary>Most characters read from one XML part (a 100-MB document.xml is far beyond any real document).</summary>
    public const long MaxCharactersInPart = 100_000_000;

    public static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    /// <summary>Runs <paramref name="read"/>, turning the SDK's exceptions into <see cref="UnreadableDocumentException"/>s naming <paramref name="format"/>.</summary>
    public static T Guard<T>(string format, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnreadableDocumentException(FailureKind.Unsafe, $"refused: {format} part declares a DTD (possible external entity attack)", e);
        }
        catch (XmlException e)
        {
            throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt {format}: malformed XML ({e.Message})", e);
        }
        catch (OpenXmlPackageException e)
        {
            throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt {format}: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt {format}: {e.Message}", e);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("MaxCharactersInPart", StringComparison.OrdinalIgnoreCase) || e.InnerException is XmlException)
        {
            throw new UnreadableDocumentException(FailureKind.Unsafe, $"refused: a {format} part is larger than {MaxCharactersInPart:N0} characters", e);
        }
    }

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
