namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>Whether a line of text reads like a document title rather than a sentence.</summary>
public static class TitleHeuristics
{
    /// <summary>Short, no sentence-ending or clause punctuation at its end, and not a bare number or date.</summary>
    public static bool LooksLikeTitle(string line)
    {
        var text = line.Trim();
        if (text.Length is < 2 or > 80) return false;
        if (text[^1] is '。' or '，' or ',' or '；' or ';' or '：' or ':' or '、' or '.' && !text.EndsWith("...", StringComparison.Ordinal)) return false;
        return text.Any(char.IsLetter);
    }

    /// <summary>Strips a site name appended to a page title ("标题_中国政府网", "Title | Site", "标题 - 某某网").</summary>
    public static string StripSiteSuffix(string title)
    {
        var text = title.Trim();
        foreach (var separator in new[] { "_", " | ", "|", " - ", " — ", "－", "--" })
        {
            var at = text.LastIndexOf(separator, StringComparison.Ordinal);
            if (at <= 0) continue;
            var suffix = text[(at + separator.Length)..].Trim();
            // Only a short tail that names a site, never half of a long title.
            if (suffix.Length <= 20 && at >= suffix.Length) text = text[..at].Trim();
        }
        return text;
    }
}
