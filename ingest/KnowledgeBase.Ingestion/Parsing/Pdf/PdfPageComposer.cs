using KnowledgeBase.Ocr.Imaging;
using SkiaSharp;
using UglyToad.PdfPig.Content;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Paints a page's embedded images at their placements onto a white page, as a viewer would (a scanner's PDF may
/// hold one image per page or dozens of strips: the sample book scan has about 62 bilevel tiles per page). The page
/// is drawn at the resolution of its finest image, within <see cref="MinDpi"/>…<see cref="MaxDpi"/>, so no scan
/// is blurred and none is blown up to gigabytes.
/// </summary>
internal static class PdfPageComposer
{
    public const double MinDpi = 100;
    public const double MaxDpi = 300;

    /// <summary>Longest side of a composed page in pixels.</summary>
    private const int MaxSide = 5000;

    /// <summary>The composed page, or null with the reason (an image that cannot be decoded, or no image at all).</summary>
    public static (GrayImage? Page, string Origin, string? Problem) Compose(Page page)
    {
        var images = page.GetImages().ToList();
        if (images.Count == 0) return (null, "", "the page has no image");

        var decoded = new List<(IPdfImage Image, GrayImage Pixels)>(images.Count);
        foreach (var image in images)
        {
            var (pixels, problem) = PdfImageDecoder.Decode(image);
            if (pixels is null) return (null, "", problem);
            decoded.Add((image, pixels));
        }

        // PdfPig gives letters and images in display space: the visible (crop) area with its rotation applied, origin at
        // its bottom-left corner, page.Width × page.Height points.
        var (pageWidth, pageHeight) = (page.Width, page.Height);
        var dpi = Math.Clamp(decoded.Max(d => d.Pixels.Width / Math.Max(1e-3, Length(d.Image.BoundingBox.TopLeft, d.Image.BoundingBox.TopRight)) * 72), MinDpi, MaxDpi);
        var scale = Math.Min(dpi / 72, MaxSide / Math.Max(pageWidth, pageHeight));
        var width = Math.Max(1, (int)Math.Round(pageWidth * scale));
        var height = Math.Max(1, (int)Math.Round(pageHeight * scale));

        using var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(target))
        {
            canvas.Clear(SKColors.White);
            foreach (var (image, pixels) in decoded)
            {
                // Sample (0,0) of an image is the top-left of its unit square, (w,0) the top-right, (0,h) the bottom-left.
                var tl = ToPixels(image.BoundingBox.TopLeft);
                var tr = ToPixels(image.BoundingBox.TopRight);
                var bl = ToPixels(image.BoundingBox.BottomLeft);
                var matrix = new SKMatrix(
                    (float)((tr.X - tl.X) / pixels.Width), (float)((bl.X - tl.X) / pixels.Height), (float)tl.X,
                    (float)((tr.Y - tl.Y) / pixels.Width), (float)((bl.Y - tl.Y) / pixels.Height), (float)tl.Y,
                    0, 0, 1);
                using var bitmap = pixels.ToBitmap();
                using var skImage = SKImage.FromBitmap(bitmap);
                using var paint = new SKPaint { BlendMode = image.IsImageMask ? SKBlendMode.Multiply : SKBlendMode.SrcOver };
                canvas.Save();
                canvas.SetMatrix(matrix);
                canvas.DrawImage(skImage, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), paint);
                canvas.Restore();
            }
        }
        var origin = images.Count == 1
            ? $"1 embedded {Kind(images[0])} image at {dpi:F0} dpi"
            : $"{images.Count} embedded images ({string.Join(", ", images.GroupBy(Kind).Select(g => $"{g.Count()} {g.Key}"))}) at {dpi:F0} dpi";
        return (GrayImage.FromBitmap(target), origin, null);

        (double X, double Y) ToPixels(UglyToad.PdfPig.Core.PdfPoint p) => (p.X * scale, (pageHeight - p.Y) * scale);
    }

    private static double Length(UglyToad.PdfPig.Core.PdfPoint a, UglyToad.PdfPig.Core.PdfPoint b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    private static string Kind(IPdfImage image) => PdfImageDecoder.Filters(image) switch
    {
        [] => "raw",
        var filters => filters[^1].Replace("Decode", "", StringComparison.Ordinal),
    };
}
