using System.Text;
using System.Xml.Linq;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Collects the characters a piece of OFD content draws, placed on the page: layers and page blocks in order, text
/// objects (each TextCode starts at its X/Y; DeltaX/DeltaY, with their "g N value" repeats, move from one character to
/// the next; the object's CTM and Boundary origin place it in its parent), and composite objects (the unit's content,
/// placed by the object's Boundary and CTM). Paths and images carry no text. Invisible text (an OCR layer under a
/// scan) is text too and is read.
/// </summary>
internal sealed class OfdContentReader(OfdResources resources)
{
    /// <summary>Most characters read from one page; a page drawing more is refused as unsafe rather than read for minutes.</summary>
    public const int MaxGlyphsPerPage = 500_000;

    /// <summary>Composite units may nest; a unit that contains itself must not loop.</summary>
    private const int MaxDepth = 16;

    public void Read(XElement container, OfdMatrix toPage, List<OfdGlyph> glyphs, int depth = 0)
    {
        if (depth > MaxDepth) return;
        foreach (var element in container.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "Layer" or "PageBlock" or "Content":
                    Read(element, toPage, glyphs, depth + 1);
                    break;
                case "TextObject":
                    ReadText(element, Place(element, toPage), glyphs);
                    break;
                case "CompositeObject" when resources.Composite(element.Attr("ResourceID")) is { } unit:
                    Read(unit, Place(element, toPage), glyphs, depth + 1);
                    break;
            }
        }
    }

    /// <summary>A graphic unit's own space on the page: its CTM, then its Boundary's origin, then the parent's placement.</summary>
    public static OfdMatrix Place(XElement unit, OfdMatrix parent)
    {
        var boundary = OfdXml.Numbers(unit.Attr("Boundary"));
        var origin = boundary.Length >= 2 ? OfdMatrix.Translation(boundary[0], boundary[1]) : OfdMatrix.Identity;
        return parent.Then(origin).Then(OfdMatrix.Parse(unit.Attr("CTM")));
    }

    private void ReadText(XElement text, OfdMatrix toPage, List<OfdGlyph> glyphs)
    {
        var size = text.Number("Size") is { } given && given > 0 ? given : 3.5;
        var font = resources.Font(text.Attr("Font"));
        if (!font.Bold && text.Number("Weight") >= 700) font = font with { Bold = true };
        if (!font.Italic && text.Attr("Italic") == "true") font = font with { Italic = true };
        var vertical = text.Number("ReadDirection") is 90 or 270;
        var pageSize = size * toPage.Scale;

        double x = 0, y = 0;
        foreach (var code in text.Children("TextCode"))
        {
            x = code.Number("X") ?? x;
            y = code.Number("Y") ?? y;
            var deltaX = OfdDeltas.Parse(code.Attr("DeltaX"));
            var deltaY = OfdDeltas.Parse(code.Attr("DeltaY"));
            var index = 0;
            foreach (var rune in code.Value.EnumerateRunes())
            {
                if (glyphs.Count >= MaxGlyphsPerPage)
                    throw new UnreadableDocumentException(FailureKind.Unsafe, $"refused: an OFD page draws more than {MaxGlyphsPerPage:N0} characters");
                var width = EstimatedWidth(rune) * size;
                var stepX = index < deltaX.Count ? deltaX[index] : vertical ? 0 : width;
                var stepY = index < deltaY.Count ? deltaY[index] : vertical ? size : 0;
                if (!Rune.IsWhiteSpace(rune) && !Rune.IsControl(rune))
                {
                    var (px, py) = toPage.Apply(x, y);
                    var (nx, ny) = toPage.Apply(x + (vertical ? width : stepX), y + (vertical ? 0 : stepY));
                    var advance = Math.Sqrt((nx - px) * (nx - px) + (ny - py) * (ny - py));
                    glyphs.Add(new OfdGlyph(rune.ToString(), px, py, advance > 0 ? advance : width * toPage.Scale, pageSize, font));
                }
                x += stepX;
                y += stepY;
                index++;
            }
        }
    }

    /// <summary>Full-width for Chinese script, half for Latin letters and digits: the fallback when no delta is given.</summary>
    private static double EstimatedWidth(Rune rune) =>
        rune.Value > 0xFFFF || rune.IsBmp && CjkText.IsCjk((char)rune.Value) || rune.Value is >= 0xFF00 and <= 0xFFEF ? 1.0 : 0.5;
}
