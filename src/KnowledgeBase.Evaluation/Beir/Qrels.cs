using System.Globalization;

namespace KnowledgeBase.Evaluation.Beir;

/// <summary>
/// Relevance judgements: query id → document id → graded relevance. As in trec_eval and BEIR, a grade of 0 or
/// below is a judged non-relevant document.
/// </summary>
public sealed class Qrels
{
    private static readonly IReadOnlyDictionary<string, int> None = new Dictionary<string, int>();
    private readonly Dictionary<string, Dictionary<string, int>> _byQuery;

    public Qrels(IEnumerable<(string QueryId, string DocumentId, int Relevance)> judgements)
    {
        _byQuery = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (q, d, r) in judgements)
        {
            if (!_byQuery.TryGetValue(q, out var docs)) _byQuery[q] = docs = new Dictionary<string, int>(StringComparer.Ordinal);
            docs[d] = r;
        }
    }

    /// <summary>Judged queries.</summary>
    public IReadOnlyCollection<string> QueryIds => _byQuery.Keys;

    /// <summary>Every judgement of a query (grades of 0 included); empty when the query is not judged.</summary>
    public IReadOnlyDictionary<string, int> For(string queryId) => _byQuery.TryGetValue(queryId, out var docs) ? docs : None;

    public bool HasRelevant(string queryId) => For(queryId).Values.Any(r => r > 0);

    /// <summary>
    /// Reads a BEIR qrels file: tab-separated <c>query-id corpus-id score</c>, with a header line. Lines of four columns
    /// (TREC style <c>qid 0 docid rel</c>, space- or tab-separated) are accepted too.
    /// </summary>
    public static Qrels Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"file not found: {path}", path);
        var judgements = new List<(string, string, int)>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cells = line.Contains('\t') ? line.Split('\t') : line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (number == 1 && cells[0].Trim().Equals("query-id", StringComparison.OrdinalIgnoreCase)) continue;
            var (query, doc, grade) = cells.Length switch
            {
                3 => (cells[0], cells[1], cells[2]),
                4 => (cells[0], cells[2], cells[3]),
                _ => throw new InvalidDataException($"{path}:{number}: expected 'query-id<TAB>corpus-id<TAB>score', got {cells.Length} columns"),
            };
            if (!int.TryParse(grade.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var relevance))
                throw new InvalidDataException($"{path}:{number}: score '{grade}' is not an integer");
            judgements.Add((query.Trim(), doc.Trim(), relevance));
        }
        return new Qrels(judgements);
    }
}
