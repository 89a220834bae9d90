using KnowledgeBase.Ocr.Imaging;
using KnowledgeBase.Ocr.Recognition;

namespace KnowledgeBase.Ocr.Classification;

/// <summary>
/// Tells upside-down lines from upright ones with PaddleOCR's direction classifier (48×192 input, classes 0° and
/// 180°); a line is turned when the classifier says 180° with at least <see cref="Threshold"/> confidence.
/// </summary>
internal sealed class LineDirectionClassifier(OnnxModel model)
{
    private const int Height = 48;
    private const int Width = 192;
    private const int BatchSize = 6;

    /// <summary>PaddleOCR's <c>cls_thresh</c>.</summary>
    public const double Threshold = 0.9;

    /// <summary>For each line, whether it is upside down.</summary>
    public bool[] UpsideDown(IReadOnlyList<GrayImage> lines, CancellationToken cancellationToken)
    {
        var result = new bool[lines.Count];
        // Batches of similar proportions, as PaddleOCR sorts them, so little of a batch is padding.
        var order = Enumerable.Range(0, lines.Count).OrderBy(i => (double)lines[i].Width / lines[i].Height).ToArray();
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var batch = order.Skip(start).Take(BatchSize).ToArray();
            using var input = LineTensor.Build(batch.Select(i => lines[i]).ToList(), Height, Width);
            // Output: batch × 2 probabilities (0°, 180°).
            var turned = model.Run(input.Values, input.Length, input.Shape, (values, _) =>
            {
                var flags = new bool[batch.Length];
                for (var k = 0; k < batch.Length; k++) flags[k] = values[k * 2 + 1] > values[k * 2] && values[k * 2 + 1] >= Threshold;
                return flags;
            }, cancellationToken);
            for (var k = 0; k < batch.Length; k++) result[batch[k]] = turned[k];
        }
        return result;
    }
}
