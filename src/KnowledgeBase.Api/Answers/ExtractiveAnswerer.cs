using KnowledgeBase.Retrieval;
using KnowledgeBase.Text;

namespace KnowledgeBase.Api.Answers;

/// <summary>
/// Builds a short answer from the retrieved passages' own sentences: each sentence is scored by how many distinct
/// query terms it contains and how much of it they cover; the best few are kept in passage order, each with its [n].
/// </summary>
public sealed class ExtractiveAnswerer(Highlighter highlighter)
{
    public const int MaxSentences = 3;
    private const int MinSentenceChars = 6;

    public IReadOnlyList<AnswerSentence> Answer(IReadOnlyList<string> highlightTerms, IReadOnlyList<SearchHit> passages)
    {
        var scored = new List<(int N, int Position, string Text, double Score)>();
        for (var i = 0; i < passages.Count; i++)
        {
            var text = passages[i].Passage;
            foreach (var span in SentenceSplitter.Split(1, text))
            {
                var sentence = text[span.Start..span.End].Trim();
                if (sentence.Length < MinSentenceChars) continue;
                var ranges = highlighter.Find(sentence, highlightTerms);
                if (ranges.Count == 0) continue;
                var distinct = ranges.Select(r => sentence[r[0]..r[1]].ToLowerInvariant()).Distinct().Count();
                var covered = ranges.Sum(r => r[1] - r[0]) / (double)sentence.Length;
                // Distinct terms matter most; coverage breaks ties; earlier passages (better ranked) win the rest.
                scored.Add((i + 1, span.Start, sentence, distinct + covered + 0.01 / (i + 1)));
            }
        }
        return scored
            .OrderByDescending(s => s.Score)
            .DistinctBy(s => s.Text)
            .Take(MaxSentences)
            .OrderBy(s => s.N).ThenBy(s => s.Position)
            .Select(s => new AnswerSentence(s.Text, [s.N]))
            .ToList();
    }
}
