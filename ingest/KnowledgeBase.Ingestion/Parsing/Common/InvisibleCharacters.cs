using System.Text;
using KnowledgeBase.Model;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Removes characters that take no space on the page and carry no meaning for search: zero-width spaces and joiners,
/// word joiners, byte-order marks left inside text, soft hyphens, bidirectional controls (which can also disguise
/// text), invisible mathematical operators, variation selectors, and control characters other than tab and line
/// breaks; a form feed inside a page becomes a line break (form feeds separate pages in <c>kb text</c>), and empty lines
/// (such as those that held only zero-width spaces) go. Runs once for
/// every parsed document, whatever its format, before passages are cut, and moves heading offsets with the text.
/// Web pages copied from editors are full of them: a paragraph of zero-width spaces made passages that looked empty.
/// </summary>
public static class InvisibleCharacters
{
    public static bool IsInvisible(char c) => c switch
    {
        '\u00AD' or '\u034F' or '\u061C' or '\u115F' or '\u1160' or '\u17B4' or '\u17B5' or '\u180E' => true,
        >= '\u200B' and <= '\u200F' => true,   // zero-width space, non-joiner, joiner, LRM, RLM
        >= '\u202A' and <= '\u202E' => true,   // bidi embeddings and overrides
        >= '\u2060' and <= '\u206F' => true,   // word joiner, invisible operators, bidi isolates, deprecated format controls
        '\u3164' or '\uFEFF' or '\uFFA0' => true,
        >= '\uFE00' and <= '\uFE0F' => true,   // variation selectors
        >= '\uFFF9' and <= '\uFFFB' => true,   // interlinear annotation controls
        '\t' or '\n' or '\f' => false,
        _ => char.IsControl(c),
    };

    /// <summary>The text without invisible characters (form feeds become line breaks); the same instance when there were none.</summary>
    public static string Remove(string text) => Remove(text, null);

    /// <summary>The document with invisible characters removed from its pages, headings, title and author; heading offsets follow.</summary>
    public static ParsedDocument Remove(ParsedDocument document)
    {
        var headingsByPage = document.Headings.GroupBy(h => h.Page).ToDictionary(g => g.Key, g => g.ToList());
        var pages = new List<DocumentPage>(document.Pages.Count);
        var headings = new List<Heading>(document.Headings.Count);
        foreach (var page in document.Pages)
        {
            var removedBefore = new List<int>();
            var text = Remove(page.Text, removedBefore);
            pages.Add(ReferenceEquals(text, page.Text) ? page : page with { Text = text });
            foreach (var heading in headingsByPage.GetValueOrDefault(page.Number, []))
            {
                var offset = heading.Offset - CountBefore(removedBefore, heading.Offset);
                var title = Remove(heading.Text).Trim();
                if (title.Length > 0) headings.Add(heading with { Offset = Math.Clamp(offset, 0, text.Length), Text = title });
            }
        }
        // Headings of pages the document does not have are kept as they were (the chunker ignores them).
        headings.AddRange(document.Headings.Where(h => !document.Pages.Any(p => p.Number == h.Page)));
        return document with
        {
            Pages = pages,
            Headings = headings,
            Title = Clean(document.Title),
            Author = Clean(document.Author),
            Organisation = Clean(document.Organisation),
        };
    }

    private static string? Clean(string? value) => value is null ? null : Remove(value).Trim() is { Length: > 0 } text ? text : null;

    /// <param name="removedAt">Receives the original offsets of removed characters, in order.</param>
    private static string Remove(string text, List<int>? removedAt)
    {
        var first = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsInvisible(text[i]) || text[i] == '\f' || text[i] == '\n' && (i == 0 || text[i - 1] == '\n')) { first = i; break; }
        }
        if (first < 0) return text;
        var result = new StringBuilder(text.Length);
        result.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\f') c = '\n';
            // A line that held only invisible characters leaves no empty line behind.
            if (IsInvisible(c) || c == '\n' && (result.Length == 0 || result[^1] == '\n')) removedAt?.Add(i);
            else result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>How many removed offsets lie before <paramref name="offset"/> (the list is sorted).</summary>
    private static int CountBefore(List<int> removed, int offset)
    {
        var index = removed.BinarySearch(offset);
        return index >= 0 ? index : ~index;
    }
}
