using System.Text.RegularExpressions;

namespace KnowledgeBase.Api.Answers;

/// <summary>
/// Checks a model-written answer against the passages it was given: every [n] must name a retrieved passage.
/// Markers that do not are removed and reported; a sentence whose only citations were invalid is dropped,
/// because nothing retrieved supports it.
/// </summary>
public static partial class CitationVerifier
{
    [GeneratedRegex(@"\[(\d+(?:\s*[,，、]\s*\d+)*)\]")]
    private static partial Regex Marker();

    /// <summary>Splits after a sentence end (Chinese or English) and the citation markers that follow it.</summary>
    [GeneratedRegex(@"(?<=(?:[。！？!?]|\.(?=\s|\[|$))(?:\s*\[[\d\s,，、]+\])*)(?!\s*\[[\d\s,，、]+\])")]
    private static partial Regex SentenceEnd();

    public static (IReadOnlyList<AnswerSentence> Sentences, IReadOnlyList<int> Rejected) Verify(string answer, int passageCount)
    {
        var sentences = new List<AnswerSentence>();
        var rejected = new SortedSet<int>();
        foreach (var raw in SentenceEnd().Split(answer.Replace("\r", "", StringComparison.Ordinal)))
        {
            var text = raw.Trim();
            if (text.Length == 0) continue;
            var valid = new List<int>();
            var hadMarker = false;
            var cleaned = Marker().Replace(text, m =>
            {
                hadMarker = true;
                var numbers = m.Groups[1].Value.Split([',', '，', '、'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(n => int.TryParse(n, out var v) ? v : -1).ToList();
                var ok = numbers.Where(n => n >= 1 && n <= passageCount).ToList();
                foreach (var bad in numbers.Where(n => n < 1 || n > passageCount)) rejected.Add(bad);
                valid.AddRange(ok);
                return "";
            }).Trim();
            if (hadMarker && valid.Count == 0) continue;
            if (cleaned.Length == 0) continue;
            sentences.Add(new AnswerSentence(cleaned, valid.Distinct().ToList()));
        }
        return (sentences, rejected.ToList());
    }

    /// <summary>The answer text with each sentence followed by its markers.</summary>
    public static string Render(IEnumerable<AnswerSentence> sentences) => string.Concat(sentences.Select(s =>
    {
        var markers = string.Concat(s.Citations.Select(n => $"[{n}]"));
        // The marker goes before the sentence's closing punctuation: 保障[1]。 / parks [1].
        var end = s.Text.Length > 0 && s.Text[^1] is '。' or '！' or '？' or '；' or '.' or '!' or '?' ? 1 : 0;
        return s.Text[..^end] + markers + s.Text[^end..];
    }));
}
