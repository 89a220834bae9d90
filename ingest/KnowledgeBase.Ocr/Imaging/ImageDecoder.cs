using SkiaSharp;

namespace KnowledgeBase.Ocr.Imaging;

/// <summary>
/// Decodes image files (JPEG, PNG, WebP, GIF, BMP — what Skia's codecs read) to grey. Images larger than the pixel
/// budget are refused before any pixel is decoded, so a hostile header cannot make the worker allocate gigabytes.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Largest image decoded: 60 megapixels (an A3 page at 600 dpi is 70: such scans are decoded at half size).</summary>
    public const long MaxPixels = 60_000_000;

    /// <summary>Decodes <paramref name="data"/>; null when Skia does not recognise the format or the data is corrupt.</summary>
    public static GrayImage? TryDecode(ReadOnlySpan<byte> data)
    {
        using var stream = new SKMemoryStream(data.ToArray());
        using var codec = SKCodec.Create(stream);
        if (codec is null) return null;
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0) return null;

        // JPEG decodes at 1/2, 1/4 or 1/8 size for nothing; other formats are decoded whole and must fit the budget.
        var size = new SKSizeI(info.Width, info.Height);
        if ((long)size.Width * size.Height > MaxPixels)
        {
            var scale = (float)Math.Sqrt(MaxPixels / ((double)size.Width * size.Height));
            size = codec.GetScaledDimensions(scale);
            if ((long)size.Width * size.Height > MaxPixels)
                throw new ImageTooLargeException($"image of {info.Width}×{info.Height} pixels is over the {MaxPixels / 1_000_000} megapixel limit");
        }

        var colorType = info.ColorType == SKColorType.Gray8 ? SKColorType.Gray8 : SKColorType.Rgba8888;
        using var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, colorType, colorType == SKColorType.Gray8 ? SKAlphaType.Opaque : SKAlphaType.Premul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput)) return null;
        return GrayImage.FromBitmap(bitmap);
    }
}

/// <summary>An image whose pixel count is over the decoder's budget.</summary>
public sealed class ImageTooLargeException(string message) : Exception(message);
