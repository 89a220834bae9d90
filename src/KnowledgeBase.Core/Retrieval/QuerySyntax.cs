using System.Text;

namespace KnowledgeBase.Retrieval;

/// <summary>What the user typed, split into free text, exact phrases and excluded terms.</summary>
/// <param name="FreeText">Everything that is neither quoted nor excluded.</param>
/// <param name="Phrases">Text between ASCII quotes or corner brackets ("…", 「…」, 『…』): must appear verbatim.</param>
/// <param name="Excluded">Words written with a leading minus (-term): must not appear.</param>
/// <param name="SoftPhrases">Text between Chinese curly quotes (“…”). Chinese writing uses them for emphasis as often as
/// for exact phrases, so they are required only while enough passages contain them verbatim (see SearchService).</param>
public sealed record ParsedQuery(string FreeText, IReadOnlyList<string> Phrases, IReadOnlyList<string> Excluded, IReadOnlyList<string> SoftPhrases)
{
    /// <summary>All text that should match: free text and phrases, each phrase between spaces.</summary>
    public string PositiveText => Positive(quoted: false);

    /// <summary>
    /// <see cref="PositiveText"/> with each phrase in its quotes instead of the spaces around it: same length and offsets.
    /// What reads the wording around a phrase needs them: a plan is named in quotes (“十一五”), and a bare 十一五 is a number.
    /// </summary>
    public string QuotedPositiveText => Positive(quoted: true);

    private string Positive(bool quoted)
    {
        var text = new StringBuilder(FreeText);
        foreach (var phrase in Phrases) text.Append(quoted ? '「' : ' ').Append(phrase).Append(quoted ? '」' : ' ');
        foreach (var phrase in SoftPhrases) text.Append(quoted ? '“' : ' ').Append(phrase).Append(quoted ? '”' : ' ');
        return text.ToString();
    }
}

/// <summary>Parses the small query language: <c>"exact phrase"</c>, <c>-exclude</c>, everything else free text.</summary>
public static class QuerySyntax
{
    private static bool IsOpenQuote(char c) => c is '"' or '“' or '「' or '『';
    private static char CloseOf(char open) => open switch { '“' => '”', '「' => '」', '『' => '』', _ => '"' };

    public static ParsedQuery Parse(string query)
    {
        var free = new StringBuilder();
        var phrases = new List<string>();
        var softPhrases = new List<string>();
        var excluded = new List<string>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (IsOpenQuote(c))
            {
                var close = query.IndexOf(CloseOf(c), i + 1);
                if (close < 0 && c == '“') close = query.IndexOf('"', i + 1);
                if (close > i + 1)
                {
                    var phrase = query[(i + 1)..close].Trim();
                    if (phrase.Length > 0) (c == '“' ? softPhrases : phrases).Add(phrase);
                    i = close + 1;
                    free.Append(' ');
                    continue;
                }
                i++;
                continue;
            }
            var atWordStart = i == 0 || char.IsWhiteSpace(query[i - 1]);
            if ((c == '-' || c == '－') && atWordStart && i + 1 < query.Length && !char.IsWhiteSpace(query[i + 1]))
            {
                var end = i + 1;
                while (end < query.Length && !char.IsWhiteSpace(query[end])) end++;
                excluded.Add(query[(i + 1)..end]);
                i = end;
                continue;
            }
            free.Append(c);
            i++;
        }
        return new ParsedQuery(string.Join(' ', free.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), phrases, excluded, softPhrases);
    }
}
