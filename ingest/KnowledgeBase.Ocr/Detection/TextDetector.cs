using KnowledgeBase.Ocr.Imaging;

namespace KnowledgeBase.Ocr.Detection;

/// <summary>Finds text lines on a page with the PP-OCRv4 DB detector.</summary>
internal sealed class TextDetector(OnnxModel model, int maxSide, DbSettings settings)
{
    public List<DetectedBox> Detect(GrayImage page, CancellationToken cancellationToken)
    {
        var input = DetectionInput.From(page, maxSide);
        var (values, shape) = model.Run(input.Tensor, [1, 3, input.Height, input.Width], cancellationToken);
        // Output: 1 × 1 × H × W probabilities.
        var map = new ProbabilityMap(shape[^1], shape[^2], values);
        return DbPostProcessor.Boxes(map, settings, page.Width, page.Height);
    }
}
