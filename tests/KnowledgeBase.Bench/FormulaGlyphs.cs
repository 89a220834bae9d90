using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace KnowledgeBase.Bench;

/// <summary>
/// Marks the text-layer characters that belong to formulas or are symbols the text layer cannot name, so the OCR
/// score can give text and formulas apart (as document-OCR benchmarks such as OmniDocBench score text blocks and
/// formulas separately): a line recogniser is not a formula recogniser, and a formula's text layer is not what the
/// page shows (TeX's ∑ is the letter "X" of its big-operator font, a subscript stands beside its base letter).
/// A character is marked when the glyph it comes from (the nearest PdfPig letter) is set in a math font (TeX's math
/// italic, symbol, extension and script-size roman fonts, the AMS symbol fonts, any OpenType "Math" font) or in a
/// symbol font without a Unicode map (<see cref="PdfFontListing.UnmappedSymbolFonts"/>), and a letter or digit
/// between two marked characters of one line with no Han character between them is marked with them (the "=" of
/// "x = y" is in the roman font).
/// </summary>
internal static partial class FormulaGlyphs
{
    [GeneratedRegex(@"^(CM(MI|SY|EX|BSY|MIB)\d|CMR[5-9]$|MSAM|MSBM|EUFM|EUSM|EUEX|RSFS)|Math", RegexOptions.CultureInvariant)]
    private static partial Regex MathFont();

    [GeneratedRegex(@"^[A-Z]{6}\+")]
    private static partial Regex SubsetPrefix();

    public static bool IsMathFont(string fontName) => MathFont().IsMatch(SubsetPrefix().Replace(fontName, ""));

    public static List<ReferenceChar> Mark(IReadOnlyList<ReferenceChar> glyphs, string pdf, int pageNumber, int dpi, IReadOnlySet<string> unmappedFonts)
    {
        var scale = dpi / 72.0;
        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(pageNumber);
        var crop = page.CropBox.Bounds;
        var letters = page.Letters
            .Where(l => !string.IsNullOrWhiteSpace(l.Value))
            .Select(l => (
                X: (l.BoundingBox.Centroid.X - crop.Left) * scale,
                Y: (crop.Top - l.BoundingBox.Centroid.Y) * scale,
                Height: Math.Max(l.BoundingBox.Height, l.PointSize * 0.5) * scale,
                Formula: l.FontName is { } font && (IsMathFont(font) || unmappedFonts.Contains(font) || unmappedFonts.Contains(SubsetPrefix().Replace(font, "")))))
            .ToList();

        var marked = new List<ReferenceChar>(glyphs.Count);
        foreach (var g in glyphs)
        {
            var best = double.PositiveInfinity;
            var formula = false;
            foreach (var l in letters)
            {
                if (Math.Abs(l.Y - g.Y) > l.Height) continue;
                var distance = Math.Abs(l.X - g.X) + Math.Abs(l.Y - g.Y);
                if (distance < best) { best = distance; formula = l.Formula; }
            }
            marked.Add(g with { Formula = formula });
        }

        // Letters and digits between two marked characters of one line, with no Han character between, are in the formula.
        for (var i = 0; i < marked.Count; i++)
        {
            if (marked[i].Formula || OcrScore.IsHan(marked[i].Value)) continue;
            var before = Neighbour(marked, i, -1, 6 * scale);
            var after = Neighbour(marked, i, +1, 6 * scale);
            if (before && after) marked[i] = marked[i] with { Formula = true };
        }
        return marked;
    }

    /// <summary>Whether the nearest character of the same line (within <paramref name="tolerance"/> pixels of height) that is marked or Han is marked.</summary>
    private static bool Neighbour(List<ReferenceChar> glyphs, int from, int step, double tolerance)
    {
        for (var j = from + step; j >= 0 && j < glyphs.Count; j += step)
        {
            if (Math.Abs(glyphs[j].Y - glyphs[from].Y) > tolerance || OcrScore.IsHan(glyphs[j].Value)) return false;
            if (glyphs[j].Formula) return true;
        }
        return false;
    }
}
