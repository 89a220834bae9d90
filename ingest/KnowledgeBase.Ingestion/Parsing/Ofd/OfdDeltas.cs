using System.Globalization;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// The DeltaX/DeltaY arrays of an OFD TextCode: offsets from one character to the next, with the shorthand "g N value"
/// for N repeats of value ("g 4 2.1 4.2" = 2.1 2.1 2.1 2.1 4.2). Tokens that are not numbers are skipped.
/// </summary>
public static class OfdDeltas
{
    /// <summary>Repeat counts are capped: no page holds more characters, and a huge count would only allocate.</summary>
    private const int MaxRepeat = 500_000;

    public static List<double> Parse(string? value)
    {
        var result = new List<double>();
        if (value is null) return result;
        var parts = value.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] == "g" && i + 2 < parts.Length && int.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && TryNumber(parts[i + 2], out var repeated))
            {
                for (var n = 0; n < Math.Min(count, MaxRepeat); n++) result.Add(repeated);
                i += 2;
            }
            else if (TryNumber(parts[i], out var number))
            {
                result.Add(number);
            }
        }
        return result;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
