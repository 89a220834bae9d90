using KnowledgeBase.Ocr.Imaging;

namespace KnowledgeBase.Ocr.Recognition;

/// <summary>
/// Line crops as the recogniser and the direction classifier take them (PaddleOCR's <c>resize_norm_img</c>): scaled
/// to the model's height keeping their proportions (no wider than the batch's width), pixels mapped to −1…1, the
/// rest of the row padded with 0; the three channels are equal for grey input.
/// </summary>
internal static class LineTensor
{
    public static float[] Build(IReadOnlyList<GrayImage> lines, int height, int width)
    {
        var plane = height * width;
        var tensor = new float[lines.Count * 3 * plane];
        for (var n = 0; n < lines.Count; n++)
        {
            var line = lines[n];
            var resizedWidth = Math.Min(width, (int)Math.Ceiling(height * (double)line.Width / line.Height));
            var resized = line.Resize(Math.Max(1, resizedWidth), height);
            var offset = n * 3 * plane;
            for (var y = 0; y < height; y++)
            {
                var row = resized.Row(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var value = row[x] / 127.5f - 1f;
                    var at = offset + y * width + x;
                    tensor[at] = value;
                    tensor[at + plane] = value;
                    tensor[at + 2 * plane] = value;
                }
            }
        }
        return tensor;
    }
}
