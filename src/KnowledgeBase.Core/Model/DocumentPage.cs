namespace KnowledgeBase.Model;

/// <summary>The extracted text of one page (1-based). Non-paginated formats have a single page.</summary>
/// <param name="Ocr">
/// For a page read by OCR, its recognised lines as character ranges of <paramref name="Text"/> with the recogniser's
/// confidence; null for text taken from the file itself.
/// </param>
public sealed record DocumentPage(int Number, string Text, IReadOnlyList<OcrSpan>? Ocr = null)
{
    /// <summary>Mean OCR confidence over the characters of [<paramref name="start"/>, <paramref name="end"/>); null when no OCR line lies there.</summary>
    public double? OcrConfidenceOf(int start, int end)
    {
        if (Ocr is null) return null;
        double sum = 0;
        var chars = 0;
        foreach (var span in Ocr)
        {
            var overlap = Math.Min(end, span.End) - Math.Max(start, span.Start);
            if (overlap <= 0) continue;
            sum += span.Confidence * overlap;
            chars += overlap;
        }
        return chars == 0 ? null : sum / chars;
    }
}

/// <summary>A recognised line inside a page's text: characters [<paramref name="Start"/>, <paramref name="End"/>) and the recogniser's confidence (0…1).</summary>
public sealed record OcrSpan(int Start, int End, double Confidence);
