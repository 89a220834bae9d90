using System.Globalization;
using System.Text;

namespace KnowledgeBase.Evaluation.Metadata;

/// <summary>
/// The right metadata of one sample file. Each field holds the accepted values (alternatives are written
/// <c>a || b</c> in the file); an empty list means the truth is not known and the field is not scored.
/// </summary>
public sealed record MetadataTruthRow(string Path, IReadOnlyList<string> Titles, int? Year, IReadOnlyList<string> Organisations, IReadOnlyList<string> Types);

/// <summary>
/// A truth table: tab-separated <c>path, title, year, organisation, type</c> with a header line; <c>path</c> is the
/// file's path relative to the folder that was ingested (a document counts when its source ends with it); lines
/// starting with # are comments.
/// </summary>
public static class MetadataTruth
{
    public static IReadOnlyList<MetadataTruthRow> Read(string file)
    {
        var rows = new List<MetadataTruthRow>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split('\t');
            if (cells.Length != 5) throw new FormatException($"{file}:{lineNumber}: expected 5 tab-separated cells (path, title, year, organisation, type), got {cells.Length}");
            int? year = cells[2].Trim().Length == 0 ? null : int.Parse(cells[2].Trim(), CultureInfo.InvariantCulture);
            rows.Add(new MetadataTruthRow(cells[0].Trim(), Alternatives(cells[1]), year, Alternatives(cells[3]), Alternatives(cells[4])));
        }
        return rows;
    }

    private static List<string> Alternatives(string cell) =>
        cell.Split("||").Select(v => v.Trim()).Where(v => v.Length > 0).ToList();

    /// <summary>
    /// A value as compared: width-folded, lower case, without whitespace and punctuation, so that a PDF's lost space
    /// ("ofAZD3582") or a full stop at the end is no error, but every word and character is.
    /// </summary>
    public static string Normalize(string? value)
    {
        if (value is null) return "";
        var folded = value.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var text = new StringBuilder(folded.Length);
        foreach (var c in folded)
            if (!char.IsWhiteSpace(c) && !char.IsPunctuation(c) && !char.IsSymbol(c)) text.Append(c);
        return text.ToString();
    }
}
