namespace KnowledgeBase.Bench;

/// <summary>Reads the table <c>pdffonts</c> prints: name, type, encoding, emb, sub, uni, object ID.</summary>
internal static class PdfFontListing
{
    /// <summary>
    /// Whether a CID font (how PDFs carry Chinese, Japanese and Korean text) is not embedded: a renderer then draws
    /// its characters with a font of the machine, or as empty boxes when the machine has none.
    /// </summary>
    public static bool HasUnembeddedCidFont(string listing)
    {
        var rows = listing.Split('\n');
        // Columns are as wide as the dashes under their headings; a font name may hold spaces.
        var rule = Array.FindIndex(rows, r => r.StartsWith("---", StringComparison.Ordinal));
        if (rule < 0) return false;
        var columns = new List<(int Start, int Length)>();
        var dashes = rows[rule].TrimEnd('\r');
        for (var i = 0; i < dashes.Length;)
        {
            if (dashes[i] != '-') { i++; continue; }
            var start = i;
            while (i < dashes.Length && dashes[i] == '-') i++;
            columns.Add((start, i - start));
        }
        if (columns.Count < 4) return false;
        string Cell(string row, int column)
        {
            var (start, length) = columns[column];
            return row.Length <= start ? "" : row.Substring(start, Math.Min(length, row.Length - start)).Trim();
        }
        return rows.Skip(rule + 1).Any(r => Cell(r, 1).StartsWith("CID", StringComparison.Ordinal) && Cell(r, 3) == "no");
    }
}
