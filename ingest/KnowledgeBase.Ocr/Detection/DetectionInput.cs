using KnowledgeBase.Ocr.Imaging;

namespace KnowledgeBase.Ocr.Detection;

/// <summary>
/// The detector's input as PaddleOCR prepares it (<c>DetResizeForTest</c> with <c>limit_type="max"</c>, then
/// <c>NormalizeImage</c>): the image scaled down so that its longer side is at most the limit, each side rounded to
/// a multiple of 32 (the network halves the resolution five times), pixels scaled to 0…1 and normalised with the
/// ImageNet mean and deviation per channel in the BGR order OpenCV reads images in.
/// </summary>
public sealed class DetectionInput
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    private DetectionInput(float[] tensor, int width, int height, double scaleX, double scaleY)
    {
        Tensor = tensor;
        Width = width;
        Height = height;
        ScaleX = scaleX;
        ScaleY = scaleY;
    }

    /// <summary>NCHW data, N = 1, C = 3.</summary>
    public float[] Tensor { get; }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Input pixels per original pixel, horizontally.</summary>
    public double ScaleX { get; }

    /// <summary>Input pixels per original pixel, vertically.</summary>
    public double ScaleY { get; }

    /// <summary>The size the detector sees an image of <paramref name="width"/>×<paramref name="height"/> at.</summary>
    public static (int Width, int Height) SizeFor(int width, int height, int maxSide)
    {
        var ratio = Math.Max(width, height) > maxSide ? (double)maxSide / Math.Max(width, height) : 1.0;
        return (RoundTo32((int)(width * ratio)), RoundTo32((int)(height * ratio)));
    }

    private static int RoundTo32(int value) => Math.Max((int)Math.Round(value / 32.0, MidpointRounding.ToEven) * 32, 32);

    public static DetectionInput From(GrayImage image, int maxSide)
    {
        var (width, height) = SizeFor(image.Width, image.Height, maxSide);
        var resized = image.Resize(width, height);
        var plane = width * height;
        var tensor = new float[3 * plane];
        // One lookup table per channel: a grey value always normalises to the same three numbers.
        Span<float> lookup = stackalloc float[3 * 256];
        for (var c = 0; c < 3; c++)
            for (var v = 0; v < 256; v++)
                lookup[c * 256 + v] = (v / 255f - Mean[c]) / Std[c];
        var pixels = resized.Pixels;
        for (var i = 0; i < plane; i++)
        {
            var v = pixels[i];
            tensor[i] = lookup[v];
            tensor[plane + i] = lookup[256 + v];
            tensor[2 * plane + i] = lookup[512 + v];
        }
        return new DetectionInput(tensor, width, height, (double)width / image.Width, (double)height / image.Height);
    }
}
