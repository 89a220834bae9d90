using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics.Colors;
using UglyToad.PdfPig.PdfFonts;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Turns the characters of an OFD page into PdfPig letters so the page goes through the same layout analysis as a PDF
/// page (words, Docstrum blocks, reading order across columns, running headers and page numbers): millimetres with y
/// downwards become points with y upwards. A character box spans its advance and the type size (ascent 0.88, descent
/// 0.12 of it): OFD does not carry glyph outlines' extents, and the layout only needs boxes of the right size.
/// </summary>
internal static class OfdPageLetters
{
    private const double PointsPerMillimetre = 72 / 25.4;

    public static (IReadOnlyList<Letter> Letters, PdfRectangle MediaBox) Convert(IReadOnlyList<OfdGlyph> glyphs, double widthMm, double heightMm)
    {
        var height = heightMm * PointsPerMillimetre;
        var letters = new List<Letter>(glyphs.Count);
        var fonts = new Dictionary<OfdFont, FontDetails>();
        for (var i = 0; i < glyphs.Count; i++)
        {
            var g = glyphs[i];
            if (!fonts.TryGetValue(g.Font, out var font))
                fonts[g.Font] = font = new FontDetails(g.Font.Name, g.Font.Bold, g.Font.Bold ? FontDetails.BoldWeight : FontDetails.DefaultWeight, g.Font.Italic);
            var size = g.Size * PointsPerMillimetre;
            var left = g.X * PointsPerMillimetre;
            var baseline = height - g.Y * PointsPerMillimetre;
            var advance = Math.Max(g.Advance * PointsPerMillimetre, size * 0.2);
            var box = new PdfRectangle(left, baseline - size * 0.12, left + advance, baseline + size * 0.88);
            letters.Add(new Letter(g.Text, box, box, new PdfPoint(left, baseline), new PdfPoint(left + advance, baseline), advance, size, font,
                TextRenderingMode.Fill, GrayColor.Black, GrayColor.Black, size, i));
        }
        return (letters, new PdfRectangle(0, 0, widthMm * PointsPerMillimetre, height));
    }
}
