using System.Globalization;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Writes the rows of a table as lines a search can cite on their own. When the first row names the columns (mostly
/// text, no empty names among the filled cells, not all of it repeated below), every later row becomes
/// "名称：值；名称：值" with empty cells left out, so a passage holding row 800 still says what its numbers mean.
/// Otherwise rows are written as tab-separated cells.
/// </summary>
public static class TableText
{
    public static IEnumerable<string> Lines(IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0) yield break;
        var header = rows[0];
        if (rows.Count < 2 || !IsHeader(header))
        {
            foreach (var row in rows) yield return string.Join('\t', row).TrimEnd('\t');
            yield break;
        }
        yield return string.Join('\t', header).TrimEnd('\t');
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            var parts = new List<string>(row.Length);
            for (var c = 0; c < row.Length; c++)
            {
                if (row[c].Length == 0) continue;
                var name = c < header.Length ? header[c] : "";
                parts.Add(name.Length > 0 ? $"{name}：{row[c]}" : row[c]);
            }
            yield return string.Join("；", parts);
        }
    }

    /// <summary>A header row: at least one name, and at least two thirds of its filled cells are text rather than numbers.</summary>
    private static bool IsHeader(string[] row)
    {
        var filled = row.Where(c => c.Length > 0).ToList();
        if (filled.Count == 0) return false;
        var numbers = filled.Count(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numbers * 3 <= filled.Count && filled.All(c => c.Length <= 60);
    }
}
