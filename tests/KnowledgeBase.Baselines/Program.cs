using System.Globalization;
using KnowledgeBase.Baselines;
using KnowledgeBase.Evaluation.Beir;
using KnowledgeBase.Evaluation.Metrics;
using KnowledgeBase.Evaluation.Reporting;

// Usage: KnowledgeBase.Baselines --beir DIR [--top 100] [--json]
// Prints the same metrics as kb eval for Lucene.Net 4.8 SmartChineseAnalyzer + BM25; with --json the last stdout line is one JSON object.
string? beir = null;
var top = 100;
var json = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--beir" when i + 1 < args.Length: beir = args[++i]; break;
        case "--top" when i + 1 < args.Length: top = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--json": json = true; break;
        default:
            Console.Error.WriteLine($"baselines: unknown argument '{args[i]}'. Usage: --beir DIR [--top 100] [--json]");
            return 1;
    }
}
if (beir is null)
{
    Console.Error.WriteLine("baselines: --beir DIR is required. Usage: --beir DIR [--top 100] [--json]");
    return 1;
}

try
{
    var dataset = BeirDataset.Load(beir);
    using var lucene = new LuceneBm25Baseline();
    lucene.Index(dataset.Corpus);
    Console.Error.WriteLine($"lucene: indexed {dataset.Corpus.Count} documents");
    var result = lucene.Evaluate(dataset.JudgedQueries, dataset.Qrels, Math.Max(1, top));
    Console.Out.Write(ResultTable.Format([result]));
    if (json) Console.Out.WriteLine(EvalResult.ToLine(result.ToJson()));
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"baselines: {e.Message}");
    return 1;
}
