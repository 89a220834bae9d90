using System.Text.Json;

namespace KnowledgeBase.Evaluation.Beir;

/// <summary>One entry of <c>corpus.jsonl</c>.</summary>
public sealed record CorpusEntry(string Id, string Title, string Text);

/// <summary>One entry of <c>queries.jsonl</c>.</summary>
public sealed record EvalQuery(string Id, string Text);

/// <summary>
/// A BEIR-format folder: <c>corpus.jsonl</c> (<c>_id</c>, <c>title</c>, <c>text</c>), <c>queries.jsonl</c> (<c>_id</c>, <c>text</c>)
/// and <c>qrels/test.tsv</c> (header <c>query-id corpus-id score</c>).
/// </summary>
public sealed record BeirDataset(IReadOnlyList<CorpusEntry> Corpus, IReadOnlyList<EvalQuery> Queries, Qrels Qrels)
{
    /// <summary>Queries that have at least one judged-relevant document; the ones every metric averages over (as BEIR does).</summary>
    public IReadOnlyList<EvalQuery> JudgedQueries => Queries.Where(q => Qrels.HasRelevant(q.Id)).ToList();

    /// <summary>Reads a BEIR folder; a missing file or a malformed line fails with the file and line named.</summary>
    public static BeirDataset Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"BEIR folder not found: {directory}");
        return new BeirDataset(
            ReadCorpus(Path.Combine(directory, "corpus.jsonl")),
            ReadQueries(Path.Combine(directory, "queries.jsonl")),
            Qrels.Read(Path.Combine(directory, "qrels", "test.tsv")));
    }

    public static IReadOnlyList<CorpusEntry> ReadCorpus(string path) =>
        ReadJsonLines(path, e => new CorpusEntry(RequiredId(e), OptionalString(e, "title"), OptionalString(e, "text")));

    public static IReadOnlyList<EvalQuery> ReadQueries(string path) =>
        ReadJsonLines(path, e => new EvalQuery(RequiredId(e), OptionalString(e, "text")));

    private static List<T> ReadJsonLines<T>(string path, Func<JsonElement, T> read)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"file not found: {path}", path);
        var items = new List<T>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                items.Add(read(json.RootElement));
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}:{number}: {e.Message}", e);
            }
        }
        return items;
    }

    // BEIR ids are strings, but some sets write them as JSON numbers.
    private static string RequiredId(JsonElement e) =>
        e.TryGetProperty("_id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? (id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText())
            : throw new InvalidDataException("entry has no \"_id\"");

    private static string OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
