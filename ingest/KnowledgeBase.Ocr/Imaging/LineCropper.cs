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
    private readonly GrayImage _source;
    private readonly SKImage _page;
    private readonly SKSamplingOptions _sampling = new(SKCubicResampler.CatmullRom);

    public LineCropper(GrayImage page)
    {
        _source = page;
        using var bitmap = page.ToBitmap();
        _page = SKImage.FromBitmap(bitmap);
    }

    public GrayImage Crop(Quad box)
    {
        var width = Math.Max(1, (int)box.Width);
        var height = Math.Max(1, (int)box.Height);
        // Most boxes are upright with whole-pixel corners: the warp then samples every pixel at its centre, where the
        // cubic kernel weighs that pixel alone, so the rows are copied (a tenth of the time).
        if (IsUprightOnPixels(box, width, height)) return CopyRows((int)box.TopLeft.X, (int)box.TopLeft.Y, width, height);
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

    private static bool IsUprightOnPixels(Quad box, int width, int height) =>
        box.TopLeft.X == Math.Floor(box.TopLeft.X) && box.TopLeft.Y == Math.Floor(box.TopLeft.Y)
        && box.TopRight == box.TopLeft + new PointD(width, 0) && box.BottomLeft == box.TopLeft + new PointD(0, height);

    /// <summary>The pixels of the rectangle, the page's edge repeated outside it (as the warp's clamp does).</summary>
    private GrayImage CopyRows(int left, int top, int width, int height)
    {
        var pixels = new byte[width * height];
        var lastX = _source.Width - 1;
        for (var y = 0; y < height; y++)
        {
            var source = _source.Row(Math.Clamp(top + y, 0, _source.Height - 1));
            var target = pixels.AsSpan(y * width, width);
            var from = Math.Clamp(left, 0, lastX + 1);
            var to = Math.Clamp(left + width, 0, lastX + 1);
            if (to > from) source[from..to].CopyTo(target[(from - left)..]);
            if (from > left) target[..Math.Min(width, from - left)].Fill(source[Math.Min(from, lastX)]);
            if (left + width > to) target[Math.Max(0, to - left)..].Fill(source[Math.Max(to - 1, 0)]);
        }
        return new GrayImage(width, height, pixels);
    }

    public void Dispose() => _page.Dispose();
}
