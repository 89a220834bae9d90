using System.Globalization;
using System.Text;

namespace KnowledgeBase.Bench;

/// <summary>
/// Tesseract's <c>tsv</c> output as lines with their boxes: a level-4 row is a line and gives its box, the level-5
/// rows after it are its words.
/// </summary>
internal static class TesseractTsv
{
    private const int LineLevel = 4;
    private const int WordLevel = 5;

    public static List<ReadLine> Lines(string tsv)
    {
        var lines = new List<ReadLine>();
        (double L, double T, double R, double B)? box = null;
        var words = new StringBuilder();
        void Flush()
        {
            if (box is { } b && words.Length > 0) lines.Add(new ReadLine(words.ToString(), b.L, b.T, b.R, b.B));
            words.Clear();
        }
        foreach (var row in tsv.Split('\n'))
        {
            var cells = row.TrimEnd('\r').Split('\t');
            if (cells.Length < 12 || !int.TryParse(cells[0], CultureInfo.InvariantCulture, out var level)) continue;
            if (level == LineLevel)
            {
                Flush();
                double Cell(int i) => double.Parse(cells[i], CultureInfo.InvariantCulture);
                box = (Cell(6), Cell(7), Cell(6) + Cell(8), Cell(7) + Cell(9));
            }
            else if (level == WordLevel && cells[11].Trim().Length > 0)
            {
                if (words.Length > 0) words.Append(' ');
                words.Append(cells[11].Trim());
            }
        }
        Flush();
        return lines;
    }
}
