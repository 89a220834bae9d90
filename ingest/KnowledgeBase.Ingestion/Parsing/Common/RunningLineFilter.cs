using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Finds running headers, footers and page numbers: lines at the top or bottom edge of a page that are bare page
/// numbers ("12", "- 12 -", "第 12 页", "Page 12 of 40") or whose text, with digits masked, recurs at the edge of
/// several pages (journal name and issue, chapter title, "Confidential").
/// </summary>
public static partial class RunningLineFilter
{
    /// <summary>Edge lines longer than this are body text, never a running line.</summary>
    private const int MaxRunningLineLength = 150;

    /// <summary>A bare page number in any of the usual dress.</summary>
    public static bool IsPageNumber(string line)
    {
        var text = line.Trim();
        return text.Length is > 0 and <= 40 && PageNumberPattern().IsMatch(text);
    }

    /// <summary>
    /// The keys (see <see cref="Key"/>) of edge lines that recur on enough pages to be running lines.
    /// <paramref name="edgeLinesPerPage"/> holds, for each page, the texts of its top and bottom lines.
    /// </summary>
    public static HashSet<string> FindRepeated(IReadOnlyList<IReadOnlyCollection<string>> edgeLinesPerPage)
    {
        var pages = edgeLinesPerPage.Count;
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        if (pages < 2) return repeated;
        // Two pages suffice: odd and even pages carry different headers (journal name / article title), so in a
        // short paper each recurs on only every other page, and chapter headers recur only within their chapter.
        // Only lines in the edge band of a page are candidates, which keeps body text safe.
        const int needed = 2;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var page in edgeLinesPerPage)
        {
            foreach (var key in page.Where(l => l.Length <= MaxRunningLineLength).Select(Key).Where(k => k.Length > 1).Distinct())
                counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        foreach (var (key, count) in counts)
            if (count >= needed) repeated.Add(key);
        return repeated;
    }

    /// <summary>The line with white space removed and digit runs masked, so "第 3 页 共 9 页" matches across pages.</summary>
    public static string Key(string line)
    {
        var key = new StringBuilder(line.Length);
        var inDigits = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c)) continue;
            if (char.IsDigit(c))
            {
                if (!inDigits) key.Append('#');
                inDigits = true;
                continue;
            }
            inDigits = false;
            key.Append(char.ToLowerInvariant(c));
        }
        return key.ToString();
    }

    [GeneratedRegex(@"^(?:[-–—·•.\s]*\d{1,4}[-–—·•.\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|(?:page|p\.|pp\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*/\s*\d+|[-–—\s]*(?=[ivxlc])c{0,3}(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})[-–—\s]*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageNumberPattern();
}
