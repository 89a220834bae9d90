namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>One character an OFD page draws, placed on the page (millimetres, y downwards).</summary>
/// <param name="X">Left end of its baseline.</param>
/// <param name="Y">Its baseline.</param>
/// <param name="Advance">Distance to the next character along the line.</param>
/// <param name="Size">Type size on the page.</param>
internal sealed record OfdGlyph(string Text, double X, double Y, double Advance, double Size, OfdFont Font);

/// <summary>What a text object's Font attribute names: enough to tell bold headings from body text.</summary>
internal sealed record OfdFont(string Name, bool Bold, bool Italic)
{
    public static readonly OfdFont Unknown = new("", false, false);
}
