namespace KnowledgeBase.Bench;

/// <summary>Reads the table <c>pdffonts</c> prints: name, type, encoding, emb, sub, uni, object ID.</summary>
internal static class PdfFontListing
{
    /// <summary>
    /// Whether a CID font (how PDFs carry Chinese, Japanese and Korean text) is not embedded: a renderer then draws
    /// its characters with a font of the machine, or as empty boxes when the machine has none.
    /// </summary>
    public static bool HasUnembeddedCidFont(string listing) =>
        Rows(listing).Any(r => r.Type.StartsWith("CID", StringComparison.Ordinal) && r.Embedded == "no");

    /// <summary>
    /// Simple fonts with their own (built-in) encoding and no ToUnicode map: symbol fonts whose glyphs a text layer
    /// can only name by guesswork (TeX's big-operator font writes ∑ as "X", CNKI's cajcd symbol fonts a check mark as "3").
    /// </summary>
    public static IReadOnlySet<string> UnmappedSymbolFonts(string listing) =>
        Rows(listing).Where(r => !r.Type.StartsWith("CID", StringComparison.Ordinal) && r.Encoding == "Builtin" && r.Unicode == "no")
            .Select(r => r.Name).ToHashSet(StringComparer.Ordinal);

    private sealed record Row(string Name, string Type, string Encoding, string Embedded, string Unicode);

    private static IEnumerable<Row> Rows(string listing)
    {
        var rows = listing.Split('\n');
        // Columns are as wide as the dashes under their headings; a font name may hold spaces.
        var rule = Array.FindIndex(rows, r => r.StartsWith("---", StringComparison.Ordinal));
        if (rule < 0) yield break;
        var columns = new List<(int Start, int Length)>();
        var dashes = rows[rule].TrimEnd('\r');
        for (var i = 0; i < dashes.Length;)
        {
            if (dashes[i] != '-') { i++; continue; }
            var start = i;
            while (i < dashes.Length && dashes[i] == '-') i++;
            columns.Add((start, i - start));
        }
        if (columns.Count < 6) yield break;
        string Cell(string row, int column)
        {
            var (start, length) = columns[column];
            return row.Length <= start ? "" : row.Substring(start, Math.Min(length, row.Length - start)).Trim();
        }
        foreach (var row in rows.Skip(rule + 1).Where(r => r.Trim().Length > 0))
            yield return new Row(Cell(row, 0), Cell(row, 1), Cell(row, 2), Cell(row, 3), Cell(row, 5));
    }
}
