using System.Buffers;
using KnowledgeBase.Ocr.Imaging;

namespace KnowledgeBase.Ocr.Recognition;

/// <summary>
/// Line crops as the recogniser and the direction classifier take them (PaddleOCR's <c>resize_norm_img</c>): scaled
/// to the model's height keeping their proportions (times <c>widthScale</c>, no wider than the batch's width), pixels
/// mapped to −1…1 ((x / 255 − 0.5) / 0.5), the rest of the row padded with 0; the three channels are equal for grey input.
/// </summary>
internal sealed class LineTensor : IDisposable
{
    private LineTensor(float[] values, int length, long[] shape)
    {
        Values = values;
        Length = length;
        Shape = shape;
    }

    /// <summary>The NCHW values; a pooled array, longer than <see cref="Length"/>.</summary>
    public float[] Values { get; }

    public int Length { get; }

    public long[] Shape { get; }

    /// <summary>The width a line is scaled to at <paramref name="height"/>, before the batch's limit.</summary>
    public static int ScaledWidth(GrayImage line, int height, double widthScale) =>
        Math.Max(1, (int)Math.Ceiling(height * widthScale * line.Width / line.Height));

    /// <summary>
    /// The tensor of <paramref name="lines"/>, in an array from the shared pool: a line's tensor is a large-object
    /// allocation (576 bytes per pixel of width), and a page has dozens of lines.
    /// </summary>
    public static LineTensor Build(IReadOnlyList<GrayImage> lines, int height, int width, double widthScale = 1.0)
    {
        var plane = height * width;
        var length = lines.Count * 3 * plane;
        var tensor = ArrayPool<float>.Shared.Rent(length);
        tensor.AsSpan(0, length).Clear();
        for (var n = 0; n < lines.Count; n++)
        {
            var scaled = Math.Min(width, ScaledWidth(lines[n], height, widthScale));
            var first = tensor.AsSpan(n * 3 * plane, plane);
            LinearResize.Into(lines[n], scaled, height, first, width);
            for (var y = 0; y < height; y++)
            {
                var row = first.Slice(y * width, scaled);
                for (var x = 0; x < row.Length; x++) row[x] = row[x] / 127.5f - 1f;
            }
            first.CopyTo(tensor.AsSpan(n * 3 * plane + plane, plane));
            first.CopyTo(tensor.AsSpan(n * 3 * plane + 2 * plane, plane));
        }
        return new LineTensor(tensor, length, [lines.Count, 3, height, width]);
    }

    public void Dispose() => ArrayPool<float>.Shared.Return(Values);
}
