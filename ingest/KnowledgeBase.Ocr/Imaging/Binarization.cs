namespace KnowledgeBase.Ocr.Imaging;

/// <summary>Global thresholds for telling ink from paper.</summary>
public static class Binarization
{
    /// <summary>Otsu's threshold: the grey level that best separates the histogram into two classes (values ≤ it are ink).</summary>
    public static int OtsuThreshold(ReadOnlySpan<byte> pixels)
    {
        Span<long> histogram = stackalloc long[256];
        foreach (var p in pixels) histogram[p]++;
        long total = pixels.Length;
        double sumAll = 0;
        for (var i = 0; i < 256; i++) sumAll += i * (double)histogram[i];
        double sumBelow = 0, best = -1;
        long below = 0;
        var threshold = 127;
        for (var t = 0; t < 256; t++)
        {
            below += histogram[t];
            if (below == 0) continue;
            var above = total - below;
            if (above == 0) break;
            sumBelow += t * (double)histogram[t];
            var meanBelow = sumBelow / below;
            var meanAbove = (sumAll - sumBelow) / above;
            var between = (double)below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (between > best) { best = between; threshold = t; }
        }
        return threshold;
    }
}
