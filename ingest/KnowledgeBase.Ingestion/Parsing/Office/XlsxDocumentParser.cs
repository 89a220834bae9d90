using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using KnowledgeBase.Model;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Reads Excel workbooks (.xlsx) with the Open XML SDK: each visible sheet is a page (in workbook order), headed by its
/// name. A table's first row names its columns, so every later row is written with its header —
/// "园区：凭祥；面积：12平方公里" — and a passage cut from the middle of a long sheet still says what its numbers are.
/// A sheet with no header row (its first row is mostly numbers) keeps rows as tab-separated cells. Cells are read with
/// the SAX reader (a 100 MB sheet is never loaded as a tree), shared strings resolved, dates shown as dates, formulas by
/// their cached value. Hidden sheets are left out: a reader of the workbook does not see them.
/// </summary>
public sealed class XlsxDocumentParser : IDocumentParser
{
    /// <summary>Most cells read from one workbook; the rest is skipped (a huge export is indexed by its beginning).</summary>
    public const int MaxCells = 2_000_000;

    public FileFormat Format => FileFormat.Xlsx;

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        using var stream = OpenXmlPackages.AsStream(content);
        ZipBombGuard.Check(stream, "XLSX");
        return OpenXmlPackages.Guard("XLSX", () =>
        {
            using var workbook = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = OpenXmlPackages.MaxCharactersInPart });
            var workbookPart = workbook.WorkbookPart ?? throw new UnreadableDocumentException(FailureKind.Corrupt, "corrupt XLSX: no workbook part");
            var strings = SharedStrings(workbookPart);
            var dateStyles = DateStyles(workbookPart);
            var pages = new List<DocumentPage>();
            var headings = new List<Heading>();
            var cells = 0;
            foreach (var sheet in workbookPart.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (sheet.State?.Value is { } state && state != SheetStateValues.Visible) continue;
                if (sheet.Id?.Value is not { } relationship || workbookPart.GetPartById(relationship) is not WorksheetPart part) continue;
                var rows = ReadRows(part, strings, dateStyles, ref cells, cancellationToken);
                var name = sheet.Name?.Value?.Trim() ?? $"Sheet{pages.Count + 1}";
                var text = new StringBuilder(name);
                foreach (var line in TableText.Lines(rows))
                    text.Append('\n').Append(line);
                var number = pages.Count + 1;
                headings.Add(new Heading(number, 0, 1, name));
                pages.Add(new DocumentPage(number, rows.Count == 0 ? "" : text.ToString()));
                if (cells >= MaxCells) break;
            }
            if (pages.Count == 0) throw new UnreadableDocumentException(FailureKind.Empty, "the workbook has no visible sheet");
            var properties = workbook.PackageProperties;
            return new ParsedDocument(pages, headings, OpenXmlPackages.Clean(properties.Title), OpenXmlPackages.Clean(properties.Creator), properties.Created?.Year);
        });
    }

    /// <summary>The sheet's non-empty rows as cell texts, columns placed by their reference (B3 is the second cell).</summary>
    private static List<string[]> ReadRows(WorksheetPart part, IReadOnlyList<string> strings, HashSet<uint> dateStyles, ref int cells, CancellationToken cancellationToken)
    {
        var rows = new List<string[]>();
        using var reader = OpenXmlReader.Create(part);
        var row = new SortedDictionary<int, string>();
        var nextColumn = 0;
        while (reader.Read())
        {
            if (reader.ElementType == typeof(Row))
            {
                if (reader.IsStartElement) { row.Clear(); nextColumn = 0; }
                else if (row.Values.Any(v => v.Length > 0))
                {
                    var width = row.Keys.Max() + 1;
                    var values = new string[width];
                    for (var i = 0; i < width; i++) values[i] = row.GetValueOrDefault(i, "");
                    rows.Add(values);
                    if (rows.Count % 1000 == 0) cancellationToken.ThrowIfCancellationRequested();
                }
            }
            else if (reader.ElementType == typeof(Cell) && reader.IsStartElement)
            {
                var cell = (Cell)reader.LoadCurrentElement()!;
                var column = ColumnIndex(cell.CellReference?.Value) ?? nextColumn;
                nextColumn = column + 1;
                row[column] = CellText(cell, strings, dateStyles);
                if (++cells >= MaxCells) break;
            }
        }
        return rows;
    }

    private static string CellText(Cell cell, IReadOnlyList<string> strings, HashSet<uint> dateStyles)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Count ? strings[index] : "";
        if (type == CellValues.InlineString) return Collapse(cell.InlineString?.InnerText ?? "");
        if (type == CellValues.Boolean) return raw == "1" ? "TRUE" : "FALSE";
        if (type is null || type == CellValues.Number)
        {
            if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style)
                && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466)
            {
                var date = DateTime.FromOADate(serial);
                return date.TimeOfDay == TimeSpan.Zero ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            }
            // Stored doubles ("0.30000000000000004") read as a person typed them.
            return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number.ToString("G15", CultureInfo.InvariantCulture) : raw.Trim();
        }
        return Collapse(raw);
    }

    /// <summary>"AB12" → 27 (zero-based column), or null.</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (reference is null) return null;
        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z') { column = column * 26 + (c - 'A' + 1); letters++; }
            else break;
        }
        return letters is > 0 and <= 3 ? column - 1 : null;
    }

    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var result = new List<string>();
        if (workbook.SharedStringTablePart is not { } part) return result;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                result.Add(Collapse(((SharedStringItem)reader.LoadCurrentElement()!).Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>().Aggregate(new StringBuilder(), (sb, t) => sb.Append(t.Text)).ToString()));
        return result;
    }

    /// <summary>Cell style indexes whose number format shows a date (built-in 14–22, 45–47, or a custom format with y/m/d and no digits placeholder).</summary>
    private static HashSet<uint> DateStyles(WorkbookPart workbook)
    {
        var result = new HashSet<uint>();
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is not { } formats) return result;
        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? "") ?? [];
        uint index = 0;
        foreach (var format in formats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (id is >= 14 and <= 22 or >= 45 and <= 47 || custom.TryGetValue(id, out var code) && LooksLikeDate(code)) result.Add(index);
            index++;
        }
        return result;
    }

    private static bool LooksLikeDate(string code)
    {
        // Drop quoted literals and colour/condition brackets, then look for date parts.
        var bare = System.Text.RegularExpressions.Regex.Replace(code, "\"[^\"]*\"|\\[[^\\]]*\\]", "").ToLowerInvariant();
        return bare.IndexOfAny(['y', 'd']) >= 0 || bare.Contains('m') && !bare.Contains('0') && !bare.Contains('#');
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
