using System.Runtime.InteropServices;
using SkiaSharp;

namespace KnowledgeBase.Ocr.Imaging;

/// <summary>
/// An 8-bit grey image, row by row (0 black, 255 white). Pages are recognised in grey: document text does not need
/// colour, and one channel is a third of the memory and the copying of three.
/// </summary>
public sealed class GrayImage
{
    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != (long)width * height) throw new ArgumentException($"expected {width}×{height} pixels, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>A white image.</summary>
    public static GrayImage Blank(int width, int height)
    {
        var pixels = new byte[checked(width * height)];
        pixels.AsSpan().Fill(255);
        return new GrayImage(width, height, pixels);
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public byte this[int x, int y] => Pixels[y * Width + x];

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Width, Width);

    /// <summary>A copy scaled to <paramref name="width"/>×<paramref name="height"/> with bilinear sampling (OpenCV's <c>INTER_LINEAR</c>, which PaddleOCR resizes with).</summary>
    public GrayImage Resize(int width, int height)
    {
        if (width == Width && height == Height) return this;
        using var source = ToBitmap();
        using var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        if (!source.ScalePixels(target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None)))
            throw new InvalidOperationException($"could not scale a {Width}×{Height} image to {width}×{height}");
        return FromGrayBitmap(target);
    }

    /// <summary>The image turned by 180°.</summary>
    public GrayImage Rotate180()
    {
        var pixels = (byte[])Pixels.Clone();
        pixels.AsSpan().Reverse();
        return new GrayImage(Width, Height, pixels);
    }

    /// <summary>The image turned 90° counter-clockwise (numpy's <c>rot90</c>): the top edge becomes the left edge.</summary>
    public GrayImage RotateCounterClockwise()
    {
        var pixels = new byte[Pixels.Length];
        // Source (x, y) lands at (y, Width - 1 - x) in an image Height wide and Width high.
        for (var y = 0; y < Height; y++)
        {
            var row = Row(y);
            for (var x = 0; x < Width; x++) pixels[(Width - 1 - x) * Height + y] = row[x];
        }
        return new GrayImage(Height, Width, pixels);
    }

    /// <summary>The pixels in a Skia bitmap (a copy).</summary>
    public SKBitmap ToBitmap()
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Gray8, SKAlphaType.Opaque));
        if (bitmap.RowBytes == Width)
        {
            Marshal.Copy(Pixels, 0, bitmap.GetPixels(), Pixels.Length);
        }
        else
        {
            for (var y = 0; y < Height; y++)
                Marshal.Copy(Pixels, y * Width, bitmap.GetPixels() + y * bitmap.RowBytes, Width);
        }
        return bitmap;
    }

    /// <summary>Copies a bitmap already in <see cref="SKColorType.Gray8"/>.</summary>
    internal static GrayImage FromGrayBitmap(SKBitmap bitmap)
    {
        if (bitmap.ColorType != SKColorType.Gray8) throw new ArgumentException("expected a Gray8 bitmap", nameof(bitmap));
        var pixels = new byte[checked(bitmap.Width * bitmap.Height)];
        var source = bitmap.GetPixels();
        for (var y = 0; y < bitmap.Height; y++)
            Marshal.Copy(source + y * bitmap.RowBytes, pixels, y * bitmap.Width, bitmap.Width);
        return new GrayImage(bitmap.Width, bitmap.Height, pixels);
    }

    /// <summary>Grey from a bitmap of any colour type (Skia converts colour to luminance), transparent areas on white.</summary>
    public static GrayImage FromBitmap(SKBitmap bitmap)
    {
        if (bitmap.ColorType == SKColorType.Gray8) return FromGrayBitmap(bitmap);
        using var gray = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(gray))
        {
            canvas.Clear(SKColors.White);
            using var image = SKImage.FromBitmap(bitmap);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        return FromGrayBitmap(gray);
    }

    /// <summary>Encodes as PNG (diagnostics and test fixtures).</summary>
    public byte[] EncodePng()
    {
        using var bitmap = ToBitmap();
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
