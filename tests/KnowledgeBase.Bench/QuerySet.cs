using System.Text.Json;
using KnowledgeBase.Text;

namespace KnowledgeBase.Bench;

/// <summary>
/// The fixed, seeded query set: phrases of 2–4 consecutive jieba words cut from random corpus sentences (typed either as
/// the literal span or as space-separated words, half each), followed by questions drawn from the development set.
/// The queries do not depend on the corpus size, so every size and both engines answer the same set.
/// </summary>
internal static class QuerySet
{
    public static IReadOnlyList<string> Build(IReadOnlyList<string> sentences, TextAnalyzer analyzer, string devQueriesFile, int phrases, int dev, int seed)
    {
        var random = new Random(seed * 7919 + 1);
        var queries = new List<string>(phrases + dev);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var attempts = 0; queries.Count < phrases && attempts < phrases * 50; attempts++)
        {
            var sentence = sentences[random.Next(sentences.Count)];
            var words = analyzer.QueryWords(sentence).Where(t => t.Text.Length >= 2 && CorpusText.HanCount(t.Text) == t.Text.Length).ToList();
            var length = random.Next(2, 5);
            if (words.Count < length) continue;
            var first = random.Next(words.Count - length + 1);
            var picked = words.GetRange(first, length);
            var query = random.Next(2) == 0
                ? sentence[picked[0].Start..picked[^1].End]
                : string.Join(' ', picked.Select(t => sentence[t.Start..t.End]));
            if (query.Length <= 40 && seen.Add(query)) queries.Add(query);
        }
        if (dev > 0 && File.Exists(devQueriesFile))
        {
            var questions = File.ReadLines(devQueriesFile)
                .Where(l => l.Trim().Length > 0)
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString() ?? "")
                .Where(q => q.Length > 0)
                .ToList();
            foreach (var q in questions.OrderBy(_ => random.Next()).Take(dev)) queries.Add(q);
        }
        return queries;
    }
}
