using System.Text;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Model;
using KnowledgeBase.Ocr;

namespace KnowledgeBase.Ingestion.Ocr;

/// <summary>
/// Turns a recognised page into page text the way the PDF text layer is turned into it: paragraphs (blocks) on their
/// own lines, the lines of a paragraph joined CJK-aware (<see cref="LineJoiner"/>), and each line's span in the text
/// kept with its confidence. The recogniser writes ASCII punctuation and stray spaces inside Chinese text (",", ":",
/// "(", "中 文"); they are given their full-width forms and removed, so OCR text reads, splits into sentences and
/// matches phrases like text from a text layer.
/// </summary>
public static class OcrTextAssembler
{
    public static DocumentPage Assemble(int number, OcrPage page)
    {
        var text = new StringBuilder();
        var spans = new List<OcrSpan>();
        foreach (var block in page.Blocks)
        {
            var paragraph = new StringBuilder();
            var lineSpans = new List<(int Start, int End, double Confidence)>();
            foreach (var line in block.Lines)
            {
                var normalised = Normalise(line.Text);
                if (normalised.Length == 0) continue;
                var start = paragraph.Length;
                LineJoiner.Append(paragraph, normalised);
                lineSpans.Add((start, paragraph.Length, line.Confidence));
            }
            if (paragraph.Length == 0) continue;
            if (text.Length > 0) text.Append('\n');
            var offset = text.Length;
            text.Append(paragraph);
            spans.AddRange(lineSpans.Where(s => s.End > s.Start).Select(s => new OcrSpan(offset + s.Start, offset + s.End, Math.Round(s.Confidence, 4))));
        }
        return new DocumentPage(number, text.ToString(), spans);
    }

    /// <summary>Full-width punctuation next to Chinese, no spaces beside Chinese characters.</summary>
    public static string Normalise(string line)
    {
        var text = line.Trim();
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // "中 文", "运行在 Chrome": the text-layer path closes these up too (CjkText.ClosesUp).
            if (c == ' ' && result.Length > 0 && NextVisible(text, i + 1) is { } after && (CjkText.IsCjk(result[^1]) || CjkText.IsCjk(after)))
                continue;
            // Punctuation whose nearest letter on either side (past other punctuation and spaces) is Chinese: "表1:(一)".
            if (FullWidth(c) is { } wide && !IsNumberPunctuation(text, i) && (IsChineseLetter(NearestLetter(text, i, -1)) || IsChineseLetter(NearestLetter(text, i, +1))))
                c = wide;
            result.Append(c);
        }
        return result.ToString();
    }

    private static char? NextVisible(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
            if (text[i] != ' ') return text[i];
        return null;
    }

    /// <summary>The nearest character before (−1) or after (+1) position <paramref name="i"/> that is neither a space nor punctuation.</summary>
    private static char? NearestLetter(string text, int i, int step)
    {
        for (var j = i + step; j >= 0 && j < text.Length; j += step)
            if (!char.IsWhiteSpace(text[j]) && !char.IsPunctuation(text[j]) && !char.IsSymbol(text[j])) return text[j];
        return null;
    }

    private static bool IsChineseLetter(char? c) => c is { } ch && CjkText.IsCjkLetter(ch);

    /// <summary>A "." or "," inside a number ("3.14", "1,000") stays ASCII.</summary>
    private static bool IsNumberPunctuation(string text, int i) =>
        text[i] is '.' or ',' && i > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1]);

    private static char? FullWidth(char c) => c switch
    {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '!' => '！',
        '?' => '？',
        '(' => '（',
        ')' => '）',
        _ => null,
    };
}
