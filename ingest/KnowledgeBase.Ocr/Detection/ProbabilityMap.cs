namespace KnowledgeBase.Ocr.Detection;

/// <summary>The detector's output: for each input pixel, the probability that it lies inside a text line (row by row).</summary>
public sealed class ProbabilityMap
{
    public ProbabilityMap(int width, int height, float[] values)
    {
        if (values.Length != (long)width * height) throw new ArgumentException($"expected {width}×{height} values, got {values.Length}", nameof(values));
        Width = width;
        Height = height;
        Values = values;
    }

    public int Width { get; }
    public int Height { get; }
    public float[] Values { get; }

    public float this[int x, int y] => Values[y * Width + x];
}
