using System.Globalization;
using System.Xml;

namespace KnowledgeBase.Bench;

/// <summary>
/// Where the text layer's characters lie on a page: <c>pdftotext -bbox-layout</c> gives each word's box (a run of
/// Chinese is one "word"), and the word's width is shared evenly among its characters, which is exact for Han
/// characters (all one width) and close enough for the letters and digits among them to tell which line holds them.
/// </summary>
internal static class TextLayerGlyphs
{
    /// <summary>The countable characters of a <c>-bbox-layout</c> document, in its order, with centres in pixels at <paramref name="dpi"/>.</summary>
    public static List<ReferenceChar> Parse(string xhtml, int dpi)
    {
        var scale = dpi / 72.0;
        var result = new List<ReferenceChar>();
        // pdftotext copies control characters of broken text layers into the document, which XML does not allow.
        var clean = string.Create(xhtml.Length, xhtml, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++) span[i] = text[i] < ' ' && text[i] is not ('\t' or '\n' or '\r') ? ' ' : text[i];
        });
        using var reader = XmlReader.Create(new StringReader(clean), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        while (!reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "word")
            {
                reader.Read();
                continue;
            }
            var xMin = Coordinate(reader, "xMin");
            var xMax = Coordinate(reader, "xMax");
            var y = (Coordinate(reader, "yMin") + Coordinate(reader, "yMax")) / 2;
            // Characters are counted as runes: a mathematical italic letter is two UTF-16 units but one glyph. Reading
            // the content moves the reader past the element.
            var runes = reader.ReadElementContentAsString().EnumerateRunes().ToList();
            for (var k = 0; k < runes.Count; k++)
            {
                var x = xMin + (k + 0.5) * (xMax - xMin) / runes.Count;
                foreach (var c in OcrScore.Countable(runes[k].ToString()))
                    result.Add(new ReferenceChar(c, x * scale, y * scale));
            }
        }
        return result;
    }

    private static double Coordinate(XmlReader reader, string name) =>
        double.Parse(reader.GetAttribute(name) ?? throw new InvalidDataException($"a word without {name}"), CultureInfo.InvariantCulture);
}
