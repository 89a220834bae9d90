using KnowledgeBase.Ocr.Imaging;

namespace KnowledgeBase.Ocr.Detection;

/// <summary>Finds text lines on a page with the PP-OCRv4 DB detector.</summary>
internal sealed class TextDetector(OnnxModel model, int maxSide, DbSettings settings)
{
    public List<DetectedBox> Detect(GrayImage page, CancellationToken cancellationToken)
    {
        var input = DetectionInput.From(page, maxSide);
        // Output: 1 × 1 × H × W probabilities.
        var map = model.Run(input.Tensor, input.Tensor.Length, [1, 3, input.Height, input.Width],
            (values, shape) => new ProbabilityMap((int)shape[^1], (int)shape[^2], values.ToArray()), cancellationToken);
        return DbPostProcessor.Boxes(map, settings, page.Width, page.Height);
    }
}
