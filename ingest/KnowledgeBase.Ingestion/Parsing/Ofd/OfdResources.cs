using System.Xml.Linq;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// A document's resources (PublicRes and DocumentRes, and a page's own Res): fonts by ID and composite graphic units
/// (reusable drawings, which some producers use to hold every text object of a page) by ID. Images and colour spaces
/// carry no text and are not read.
/// </summary>
internal sealed class OfdResources
{
    private readonly Dictionary<string, OfdFont> _fonts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, XElement> _composites = new(StringComparer.Ordinal);

    public OfdFont Font(string? id) => id is not null && _fonts.TryGetValue(id, out var font) ? font : OfdFont.Unknown;

    /// <summary>The Content element of composite graphic unit <paramref name="id"/>, or null.</summary>
    public XElement? Composite(string? id) => id is not null && _composites.TryGetValue(id, out var unit) ? unit : null;

    /// <summary>Adds the resources of the Res part at <paramref name="path"/> (a missing part adds nothing).</summary>
    public void Add(OfdPackage package, string path)
    {
        if (package.Load(path) is not { } res) return;
        foreach (var font in res.Children("Fonts").SelectMany(f => f.Children("Font")))
        {
            if (font.Attr("ID") is not { } id) continue;
            var name = font.Attr("FontName") ?? font.Attr("FamilyName") ?? "";
            _fonts[id] = new OfdFont(name, font.Attr("Bold") == "true" || name.Contains("Bold", StringComparison.OrdinalIgnoreCase) || name.Contains("黑体", StringComparison.Ordinal),
                font.Attr("Italic") == "true");
        }
        foreach (var unit in res.Children("CompositeGraphicUnits").SelectMany(u => u.Children("CompositeGraphicUnit")))
            if (unit.Attr("ID") is { } id && unit.Child("Content") is { } content) _composites[id] = content;
    }
}
