namespace KnowledgeBase.Ocr.Imaging;

/// <summary>
/// Bilinear scaling as OpenCV's <c>INTER_LINEAR</c> does it (pixel centres at +0.5, edge pixels repeated), which is how
/// PaddleOCR scales line crops to the recogniser's height, written straight into a float tensor: the crops of a page
/// are scaled by tens, and going through a bitmap copies each one three times.
/// </summary>
internal static class LinearResize
{
    /// <summary>
    /// Writes <paramref name="source"/> scaled to <paramref name="width"/>×<paramref name="height"/> into
    /// <paramref name="target"/> as grey values 0…255, row <c>y</c> starting at <c>y × stride</c>.
    /// </summary>
    public static void Into(GrayImage source, int width, int height, Span<float> target, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width);
        Span<int> x0 = width <= 4096 ? stackalloc int[width] : new int[width];
        Span<float> wx = width <= 4096 ? stackalloc float[width] : new float[width];
        var scaleX = (double)source.Width / width;
        for (var x = 0; x < width; x++)
        {
            var (left, weight) = Tap((x + 0.5) * scaleX - 0.5, source.Width);
            x0[x] = left;
            wx[x] = weight;
        }
        var scaleY = (double)source.Height / height;
        var last = source.Width - 1;
        for (var y = 0; y < height; y++)
        {
            var (top, wy) = Tap((y + 0.5) * scaleY - 0.5, source.Height);
            var upper = source.Row(top);
            var lower = source.Row(Math.Min(top + 1, source.Height - 1));
            var row = target.Slice(y * stride, width);
            for (var x = 0; x < width; x++)
            {
                var left = x0[x];
                var right = Math.Min(left + 1, last);
                var a = upper[left] + wx[x] * (upper[right] - upper[left]);
                var b = lower[left] + wx[x] * (lower[right] - lower[left]);
                row[x] = a + wy * (b - a);
            }
        }
    }

    /// <summary>The first of the two source pixels around position <paramref name="at"/> and the second one's weight.</summary>
    private static (int Index, float Weight) Tap(double at, int size)
    {
        if (at <= 0) return (0, 0);
        if (at >= size - 1) return (size - 1, 0);
        var index = (int)Math.Floor(at);
        return (index, (float)(at - index));
    }
}
