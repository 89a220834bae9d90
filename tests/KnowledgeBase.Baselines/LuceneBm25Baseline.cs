using System.Diagnostics;
using KnowledgeBase.Evaluation.Beir;
using KnowledgeBase.Evaluation.Metrics;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace KnowledgeBase.Baselines;

/// <summary>
/// The peer baseline of <c>kb eval</c>: Lucene.Net 4.8 with <see cref="SmartChineseAnalyzer"/> (its default stop set) and
/// <see cref="BM25Similarity"/>(k1 1.2, b 0.75). Each corpus entry is one document whose single text field holds
/// title and text (as BEIR's "flat" BM25 baselines do); a query is the analysed query text as a disjunction of
/// term queries over that field (repeated terms repeat their clause, as Lucene's QueryParser would do).
/// </summary>
public sealed class LuceneBm25Baseline : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string IdField = "id";
    private const string ContentField = "contents";
    private static readonly BM25Similarity Bm25 = new(1.2f, 0.75f);

    private readonly Analyzer _analyzer = new SmartChineseAnalyzer(Version);
    private readonly RAMDirectory _directory = new();
    private DirectoryReader? _reader;

    public void Index(IEnumerable<CorpusEntry> corpus)
    {
        var config = new IndexWriterConfig(Version, _analyzer) { Similarity = Bm25, OpenMode = OpenMode.CREATE };
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var entry in corpus)
            {
                writer.AddDocument(new Document
                {
                    new StringField(IdField, entry.Id, Field.Store.YES),
                    new TextField(ContentField, entry.Title + "\n" + entry.Text, Field.Store.NO),
                });
            }
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
    }

    /// <summary>Runs the queries one by one; latency is measured around analysis, search and reading the ids.</summary>
    public EvalResult Evaluate(IReadOnlyList<EvalQuery> queries, Qrels qrels, int top)
    {
        var searcher = new IndexSearcher(_reader ?? throw new InvalidOperationException("Index first.")) { Similarity = Bm25 };
        var accumulator = new RunAccumulator(qrels);
        if (queries.Count > 0) Search(searcher, queries[0].Text, top); // warm-up, unmeasured, as kb eval does
        foreach (var query in queries)
        {
            var clock = Stopwatch.StartNew();
            var ranking = Search(searcher, query.Text, top);
            clock.Stop();
            accumulator.Add(query.Id, ranking, clock.Elapsed.TotalMilliseconds);
        }
        return accumulator.Result("Lucene SmartCn BM25");
    }

    private List<string> Search(IndexSearcher searcher, string text, int top)
    {
        var query = new BooleanQuery();
        foreach (var term in Analyze(text)) query.Add(new TermQuery(new Term(ContentField, term)), Occur.SHOULD);
        if (query.Clauses.Count == 0) return [];
        var hits = searcher.Search(query, top);
        return hits.ScoreDocs.Select(d => searcher.Doc(d.Doc).Get(IdField)).ToList();
    }

    private List<string> Analyze(string text)
    {
        var terms = new List<string>();
        using var stream = _analyzer.GetTokenStream(ContentField, text);
        var attribute = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken() && terms.Count < BooleanQuery.MaxClauseCount) terms.Add(attribute.ToString());
        stream.End();
        return terms;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }
}
