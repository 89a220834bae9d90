using System.Text;
using Spectre.Console;

namespace KnowledgeBase.Cli.Output;

/// <summary>
/// Rows as aligned columns under a header line, the way <c>ps</c> or <c>kubectl get</c> print them: nothing is wrapped
/// or cut, so a piped line stays one whole record for grep and cut, and columns are padded by display width (a Han
/// character takes two terminal columns), so Chinese names line up with Latin ones.
/// </summary>
internal sealed class PlainTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public PlainTable Add(params string?[] cells)
    {
        if (cells.Length != headers.Length) throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        // A line break inside a cell would split the record; show it as a space.
        _rows.Add(cells.Select(c => string.IsNullOrEmpty(c) ? "-" : c.ReplaceLineEndings(" ")).ToArray());
        return this;
    }

    public int Count => _rows.Count;

    public override string ToString()
    {
        var all = _rows.Prepend(headers).ToList();
        var widths = Enumerable.Range(0, headers.Length).Select(c => all.Max(r => r[c].GetCellWidth())).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            for (var c = 0; c < row.Length; c++)
            {
                text.Append(row[c]);
                // The last column is not padded: no trailing blanks.
                if (c < row.Length - 1) text.Append(' ', widths[c] - row[c].GetCellWidth() + 2);
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    public void WriteTo(TextWriter writer) => writer.Write(ToString());
}
