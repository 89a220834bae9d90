using KnowledgeBase.Ocr.Imaging;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Tokens;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Decodes the image XObjects of a PDF page to grey: JPEG (DCTDecode) by Skia from the stream bytes; Flate, LZW,
/// run-length and CCITT G3/G4 fax images through PdfPig's filters and colour spaces (its PNG conversion) and Skia;
/// 1-bit image masks as black where they paint. JBIG2 and JPEG 2000 (JPXDecode) have no decoder here (neither PdfPig
/// nor Skia reads them): such pages are rendered instead.
/// </summary>
internal static class PdfImageDecoder
{
    /// <summary>The decoded image, or null with the reason it cannot be decoded.</summary>
    public static (GrayImage? Image, string? Problem) Decode(IPdfImage image)
    {
        var filters = Filters(image);
        if (filters.Contains("JBIG2Decode")) return (null, "JBIG2 image (no JBIG2 decoder in-process)");
        if (filters.Contains("JPXDecode")) return (null, "JPEG 2000 image (no JPEG 2000 decoder in-process)");
        if ((long)image.WidthInSamples * image.HeightInSamples > ImageDecoder.MaxPixels)
            return (null, $"image of {image.WidthInSamples}×{image.HeightInSamples} samples is over the {ImageDecoder.MaxPixels / 1_000_000} megapixel limit");

        if (filters is ["DCTDecode"])
        {
            var jpeg = ImageDecoder.TryDecode(image.RawBytes);
            return jpeg is null ? (null, "corrupt JPEG image") : (jpeg, null);
        }
        if (filters.Contains("DCTDecode")) return (null, $"JPEG image behind other filters ({string.Join(", ", filters)})");

        try
        {
            if (!image.TryGetPng(out var png) || png is null) return (null, $"image in an unsupported encoding or colour space ({Describe(filters)})");
            var decoded = ImageDecoder.TryDecode(png);
            return decoded is null ? (null, "image could not be decoded") : (decoded, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            return (null, $"image could not be decoded ({Describe(filters)}: {e.Message})");
        }
    }

    /// <summary>The image's filter names, outermost first ("FlateDecode", "CCITTFaxDecode", …).</summary>
    public static IReadOnlyList<string> Filters(IPdfImage image)
    {
        var dictionary = image.ImageDictionary;
        if (!dictionary.TryGet(NameToken.Filter, out var token) && !dictionary.TryGet(NameToken.F, out token)) return [];
        return token switch
        {
            NameToken name => [Canonical(name.Data)],
            ArrayToken array => array.Data.OfType<NameToken>().Select(n => Canonical(n.Data)).ToList(),
            _ => [],
        };
    }

    /// <summary>Inline images use abbreviations (BI /F /DCT …).</summary>
    private static string Canonical(string name) => name switch
    {
        "DCT" => "DCTDecode",
        "Fl" => "FlateDecode",
        "CCF" => "CCITTFaxDecode",
        "LZW" => "LZWDecode",
        "RL" => "RunLengthDecode",
        "AHx" => "ASCIIHexDecode",
        "A85" => "ASCII85Decode",
        _ => name,
    };

    private static string Describe(IReadOnlyList<string> filters) => filters.Count == 0 ? "uncompressed" : string.Join(", ", filters);
}
