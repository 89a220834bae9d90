namespace KnowledgeBase.Text;

/// <summary>A sentence located in a page's text: [Start, End) with surrounding white space excluded.</summary>
public readonly record struct SentenceSpan(int Page, int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>
/// Splits page text into sentences at Chinese ends (。！？；…), English ends (. ! ? followed by space) and line
/// breaks (headings, list items and paragraphs are their own units). Closing quotes and brackets stay with
/// the sentence they close.
/// </summary>
public static class SentenceSplitter
{
    private static bool IsChineseEnd(char c) => c is '。' or '！' or '？' or '；' or '…' or '!' or '?' or ';';
    private static bool IsCloser(char c) => c is '”' or '’' or '」' or '』' or '）' or ')' or ']' or '】' or '"' or '\'' or '》';

    public static IEnumerable<SentenceSpan> Split(int page, string text)
    {
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var end = -1;
            if (c == '\n' || c == '\r')
            {
                end = i;
            }
            else if (IsChineseEnd(c) || (c == '.' && IsEnglishSentenceEnd(text, i)))
            {
                end = i + 1;
                while (end < text.Length && (text[end] == c || text[end] == '…' || IsCloser(text[end]))) end++;
            }
            if (end < 0) { i++; continue; }
            var span = Trim(page, text, start, end);
            if (span.Length > 0) yield return span;
            start = end;
            i = Math.Max(end, i + 1);
        }
        var last = Trim(page, text, start, text.Length);
        if (last.Length > 0) yield return last;
    }

    private static bool IsEnglishSentenceEnd(string text, int i)
    {
        // "3.5", "e.g.x" and "www.gov.cn" are not sentence ends: a period ends a sentence before white space or the end.
        if (i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && !IsCloser(text[i + 1])) return false;
        // Single capital letters ("J. Smith") are initials rather than sentence ends.
        if (i >= 1 && char.IsUpper(text[i - 1]) && (i < 2 || !char.IsLetter(text[i - 2]))) return false;
        return true;
    }

    private static SentenceSpan Trim(int page, string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return new SentenceSpan(page, start, end);
    }
}
