using System.Globalization;
using System.Xml.Linq;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Namespace-blind access to OFD XML. The standard's namespace is <c>http://www.ofdspec.org/2016</c>, but files in
/// circulation use other URIs or prefixes for the same elements, so elements are matched by local name only.
/// </summary>
internal static class OfdXml
{
    public static IEnumerable<XElement> Children(this XElement element, string localName) =>
        element.Elements().Where(e => e.Name.LocalName == localName);

    public static XElement? Child(this XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    /// <summary>The element at the end of a path of local names, or null.</summary>
    public static XElement? Path(this XElement element, params string[] localNames)
    {
        XElement? current = element;
        foreach (var name in localNames) current = current?.Child(name);
        return current;
    }

    /// <summary>Trimmed text of a child element, or null when it is absent or blank.</summary>
    public static string? ChildText(this XElement element, string localName) =>
        element.Child(localName)?.Value.Trim() is { Length: > 0 } text ? text : null;

    public static string? Attr(this XElement element, string name) =>
        element.Attribute(name)?.Value is { } value && value.Trim().Length > 0 ? value.Trim() : null;

    public static double? Number(this XElement element, string name) =>
        element.Attr(name) is { } value && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : null;

    /// <summary>An ST_Box or ST_Array of numbers ("0 0 210 297"); empty when absent or malformed.</summary>
    public static double[] Numbers(string? value)
    {
        if (value is null) return [];
        var parts = value.Split([' ', '\t', '\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries);
        var numbers = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i])) return [];
        return numbers;
    }
}
