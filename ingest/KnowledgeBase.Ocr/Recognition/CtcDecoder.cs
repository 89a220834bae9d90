using System.Text;

namespace KnowledgeBase.Ocr.Recognition;

/// <summary>A recognised line: its text and confidence (mean probability of the characters kept, 0 for no text).</summary>
public sealed record RecognizedText(string Text, double Confidence);

/// <summary>
/// Greedy CTC decoding (PaddleOCR's <c>CTCLabelDecode</c>): the most probable class at each time step, repeats
/// merged, blanks dropped; the confidence is the mean of the kept steps' probabilities.
/// </summary>
public static class CtcDecoder
{
    /// <param name="probabilities">Time steps × classes, softmax outputs of one line.</param>
    public static RecognizedText Decode(ReadOnlySpan<float> probabilities, int steps, CharacterSet characters)
    {
        var classes = characters.Count;
        if (probabilities.Length < steps * classes) throw new ArgumentException($"expected {steps}×{classes} values", nameof(probabilities));
        var text = new StringBuilder();
        double sum = 0;
        var kept = 0;
        var previous = -1;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = 0;
            var bestValue = row[0];
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > bestValue) { bestValue = row[c]; best = c; }
            }
            if (best != 0 && best != previous)
            {
                text.Append(characters[best]);
                sum += bestValue;
                kept++;
            }
            previous = best;
        }
        return new RecognizedText(text.ToString(), kept == 0 ? 0 : sum / kept);
    }
}
