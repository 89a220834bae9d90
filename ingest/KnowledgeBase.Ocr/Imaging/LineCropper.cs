using KnowledgeBase.Ocr.Geometry;
using SkiaSharp;

namespace KnowledgeBase.Ocr.Imaging;

/// <summary>
/// Cuts text boxes out of a page, straightened (PaddleOCR's <c>get_rotate_crop_image</c>): the box's top edge
/// becomes the crop's top row, sized by the box's longer edges, sampled bicubically with the page's border
/// repeated outside it.
/// </summary>
public sealed class LineCropper : IDisposable
{
    private readonly SKImage _page;
    private readonly SKSamplingOptions _sampling = new(SKCubicResampler.CatmullRom);

    public LineCropper(GrayImage page)
    {
        using var bitmap = page.ToBitmap();
        _page = SKImage.FromBitmap(bitmap);
    }

    public GrayImage Crop(Quad box)
    {
        var width = Math.Max(1, (int)box.Width);
        var height = Math.Max(1, (int)box.Height);
        // The affine map that sends the box's top-left, top-right and bottom-left corners to the crop's corners; the
        // boxes are rectangles (minimum-area rectangles), so the fourth corner follows.
        var u = (box.TopRight - box.TopLeft) * (1.0 / width);
        var v = (box.BottomLeft - box.TopLeft) * (1.0 / height);
        var cropToPage = new SKMatrix((float)u.X, (float)v.X, (float)box.TopLeft.X, (float)u.Y, (float)v.Y, (float)box.TopLeft.Y, 0, 0, 1);
        if (!cropToPage.TryInvert(out var pageToCrop)) return GrayImage.Blank(width, height);

        using var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(target))
        using (var shader = _page.ToShader(SKShaderTileMode.Clamp, SKShaderTileMode.Clamp, _sampling, pageToCrop))
        using (var paint = new SKPaint { Shader = shader })
        {
            canvas.DrawRect(0, 0, width, height, paint);
        }
        return GrayImage.FromGrayBitmap(target);
    }

    public void Dispose() => _page.Dispose();
}
