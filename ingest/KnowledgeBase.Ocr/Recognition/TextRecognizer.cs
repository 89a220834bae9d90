using KnowledgeBase.Ocr.Imaging;

namespace KnowledgeBase.Ocr.Recognition;

/// <summary>
/// Reads line crops with the PP-OCRv4 recogniser: height 48, width in proportion, lines sorted by their proportions
/// and run in batches padded to the widest of the batch (PaddleOCR's <c>TextRecognizer</c>), then CTC-decoded.
/// </summary>
internal sealed class TextRecognizer(OnnxModel model, CharacterSet characters, int batchSize, double widthScale = 1.0)
{
    private const int Height = 48;

    /// <summary>The narrowest batch width PaddleOCR uses (its 320-pixel default input).</summary>
    private const double MinWidthRatio = 320.0 / Height;

    private static GrayImage Pad(GrayImage l, double fill)
    {
        var h = (int)Math.Round(l.Height / fill);
        var top = (h - l.Height) / 2;
        var border = new List<byte>();
        border.AddRange(l.Row(0).ToArray()); border.AddRange(l.Row(l.Height - 1).ToArray());
        border.Sort();
        var bg = border[border.Count / 2];
        var px = new byte[l.Width * h];
        px.AsSpan().Fill(bg);
        for (var y = 0; y < l.Height; y++) l.Row(y).CopyTo(px.AsSpan((top + y) * l.Width, l.Width));
        return new GrayImage(l.Width, h, px);
    }

    public RecognizedText[] Recognize(IReadOnlyList<GrayImage> lines, CancellationToken cancellationToken)
    {
        var result = new RecognizedText[lines.Count];
        if (widthScale > 0 && widthScale != 1.0) lines = lines.Select(l => l.Resize(Math.Max(1, (int)(l.Width * widthScale)), l.Height)).ToList();
        if (widthScale < 0) lines = lines.Select(l => Pad(l, -widthScale)).ToList();
        var order = Enumerable.Range(0, lines.Count).OrderBy(i => (double)lines[i].Width / lines[i].Height).ToArray();
        for (var start = 0; start < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.Skip(start).Take(batchSize).ToArray();
            var ratio = Math.Max(MinWidthRatio, batch.Max(i => (double)lines[i].Width / lines[i].Height));
            var width = (int)(Height * ratio);
            var input = LineTensor.Build(batch.Select(i => lines[i]).ToList(), Height, width);
            var (values, shape) = model.Run(input, [batch.Length, 3, Height, width], cancellationToken);
            // Output: batch × time steps × classes (softmax).
            var steps = shape[1];
            var classes = shape[2];
            if (classes != characters.Count)
                throw new InvalidOperationException($"the recognition model has {classes} classes but the character list gives {characters.Count}");
            for (var k = 0; k < batch.Length; k++)
                result[batch[k]] = CtcDecoder.Decode(values.AsSpan(k * steps * classes, steps * classes), steps, characters);
        }
        return result;
    }
}
