using KnowledgeBase.Ocr.Imaging;

namespace KnowledgeBase.Ocr.Recognition;

/// <summary>
/// Reads line crops with the PP-OCRv4 recogniser: height 48, width in proportion (narrowed by the width scale), lines
/// sorted by their proportions and run in batches padded to the widest of the batch (PaddleOCR's
/// <c>TextRecognizer</c>), then CTC-decoded.
/// </summary>
internal sealed class TextRecognizer(OnnxModel model, CharacterSet characters, int batchSize, double widthScale)
{
    private const int Height = 48;

    /// <summary>
    /// The narrowest input: one character cell. PaddleOCR pads every batch to at least 320 pixels, its training width;
    /// a line read alone needs no padding, and the benchmark pages read the same without it for a tenth less CPU.
    /// </summary>
    private const int MinWidth = Height;

    public RecognizedText[] Recognize(IReadOnlyList<GrayImage> lines, CancellationToken cancellationToken)
    {
        var result = new RecognizedText[lines.Count];
        var order = Enumerable.Range(0, lines.Count).OrderBy(i => (double)lines[i].Width / lines[i].Height).ToArray();
        for (var start = 0; start < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.Skip(start).Take(batchSize).ToArray();
            var width = Math.Max(MinWidth, batch.Max(i => LineTensor.ScaledWidth(lines[i], Height, widthScale)));
            using var input = LineTensor.Build(batch.Select(i => lines[i]).ToList(), Height, width, widthScale);
            var read = model.Run(input.Values, input.Length, input.Shape, (values, shape) =>
            {
                // Output: batch × time steps × classes (softmax), decoded where ONNX Runtime holds it.
                var steps = (int)shape[1];
                var classes = (int)shape[2];
                if (classes != characters.Count)
                    throw new InvalidOperationException($"the recognition model has {classes} classes but the character list gives {characters.Count}");
                var texts = new RecognizedText[batch.Length];
                for (var k = 0; k < batch.Length; k++)
                    texts[k] = CtcDecoder.Decode(values.Slice(k * steps * classes, steps * classes), steps, characters);
                return texts;
            }, cancellationToken);
            for (var k = 0; k < batch.Length; k++) result[batch[k]] = read[k];
        }
        return result;
    }
}
