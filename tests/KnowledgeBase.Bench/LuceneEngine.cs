using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using KnowledgeBase.Model;

namespace KnowledgeBase.Bench;

/// <summary>
/// The peer: Lucene.Net 4.8 with SmartChineseAnalyzer and BM25, indexing the same passages (title and body as
/// separate fields, body and id stored) and answering the same queries as an OR of the analysed terms over
/// title (boost 2) and body, returning the top 10 with their stored text — the shape of kb's own answer.
/// </summary>
internal static class LuceneEngine
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public static Analyzer NewAnalyzer() => new SmartChineseAnalyzer(Version);

    public static int Build(string directory, IEnumerable<DocumentSubmission> documents, Action<int> progress)
    {
        System.IO.Directory.CreateDirectory(directory);
        using var dir = FSDirectory.Open(directory);
        using var analyzer = NewAnalyzer();
        var config = new IndexWriterConfig(Version, analyzer)
        {
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 256,
            Similarity = new BM25Similarity(),
        };
        using var writer = new IndexWriter(dir, config);
        var written = 0;
        Parallel.ForEach(documents, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, doc =>
        {
            foreach (var p in doc.Passages) writer.AddDocument(ToLucene(doc.Document.Title, p.Id, p.Text));
            progress(Interlocked.Add(ref written, doc.Passages.Count));
        });
        writer.Commit();
        return written;
    }

    public static Document ToLucene(string title, string id, string text) =>
    [
        new StringField("id", id, Field.Store.YES),
        new TextField("title", title, Field.Store.NO),
        new TextField("body", text, Field.Store.YES),
    ];

    /// <summary>Analysed terms of a text, as the index saw them.</summary>
    public static List<string> Terms(Analyzer analyzer, string field, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }
}

/// <summary>An open Lucene index answering queries; safe for concurrent searches (the analyzer reuses per-thread streams).</summary>
internal sealed class LuceneSearcher : IDisposable
{
    private readonly FSDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly Analyzer _analyzer = LuceneEngine.NewAnalyzer();

    public LuceneSearcher(string directory)
    {
        _directory = FSDirectory.Open(directory);
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public int Search(string query)
    {
        var terms = LuceneEngine.Terms(_analyzer, "body", query).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0) return 0;
        var boolean = new BooleanQuery();
        foreach (var t in terms)
        {
            boolean.Add(new TermQuery(new Term("title", t)) { Boost = 2f }, Occur.SHOULD);
            boolean.Add(new TermQuery(new Term("body", t)), Occur.SHOULD);
        }
        var top = _searcher.Search(boolean, 10);
        var chars = 0;
        foreach (var hit in top.ScoreDocs) chars += _searcher.Doc(hit.Doc).Get("body")?.Length ?? 0;
        return top.ScoreDocs.Length + (chars < 0 ? 1 : 0);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }
}
