using KnowledgeBase.Evaluation.Beir;

namespace KnowledgeBase.Tests.Evaluation;

public sealed class BeirDatasetTests
{
    public static string SmallSet => TestServices.Fixture("eval-small");

    [Fact]
    public void Reads_the_committed_small_set()
    {
        var set = BeirDataset.Load(SmallSet);
        Assert.Equal(362, set.Corpus.Count);
        Assert.Equal(40, set.Queries.Count);
        Assert.Equal(40, set.JudgedQueries.Count);
        Assert.Equal(40, set.Qrels.QueryIds.Count);
        Assert.Equal(64, set.Qrels.QueryIds.Sum(q => set.Qrels.For(q).Count));
        Assert.All(set.Corpus, c => Assert.False(string.IsNullOrWhiteSpace(c.Title + c.Text)));
        Assert.Equal(set.Corpus.Count, set.Corpus.Select(c => c.Id).Distinct().Count());
        // Every judged document is in the corpus, so a perfect system could reach nDCG 1.
        var ids = set.Corpus.Select(c => c.Id).ToHashSet();
        Assert.All(set.Qrels.QueryIds.SelectMany(q => set.Qrels.For(q).Keys), d => Assert.Contains(d, ids));
        var first = set.Corpus[0];
        Assert.StartsWith("中华人民共和国", first.Title);
    }

    [Fact]
    public void Numeric_ids_grades_and_trec_style_qrels_are_accepted()
    {
        var dir = TestServices.TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "qrels"));
        File.WriteAllText(Path.Combine(dir, "corpus.jsonl"), "{\"_id\": 7, \"title\": \"T\", \"text\": \"正文\"}\n\n{\"_id\": \"d2\", \"text\": \"only text\"}\n");
        File.WriteAllText(Path.Combine(dir, "queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"问题\"}\n{\"_id\": \"q2\", \"text\": \"unjudged\"}\n");
        File.WriteAllText(Path.Combine(dir, "qrels", "test.tsv"), "query-id\tcorpus-id\tscore\nq1\t7\t2\nq1\td2\t0\n");
        var set = BeirDataset.Load(dir);
        Assert.Equal(["7", "d2"], set.Corpus.Select(c => c.Id));
        Assert.Equal("", set.Corpus[1].Title);
        Assert.Equal(2, set.Qrels.For("q1")["7"]);
        Assert.Equal(["q1"], set.JudgedQueries.Select(q => q.Id));

        var trec = Path.Combine(dir, "trec.txt");
        File.WriteAllText(trec, "q9 0 doc1 1\nq9 0 doc2 3\n");
        Assert.Equal(3, Qrels.Read(trec).For("q9")["doc2"]);
    }

    [Fact]
    public void A_malformed_line_is_reported_with_file_and_line()
    {
        var dir = TestServices.TempDirectory();
        var corpus = Path.Combine(dir, "corpus.jsonl");
        File.WriteAllText(corpus, "{\"_id\": \"1\", \"text\": \"ok\"}\n{\"title\": \"no id\"}\n");
        var e = Assert.Throws<InvalidDataException>(() => BeirDataset.ReadCorpus(corpus));
        Assert.Contains("corpus.jsonl:2", e.Message);

        var qrels = Path.Combine(dir, "q.tsv");
        File.WriteAllText(qrels, "query-id\tcorpus-id\tscore\nq1\td1\tyes\n");
        Assert.Contains("q.tsv:2", Assert.Throws<InvalidDataException>(() => Qrels.Read(qrels)).Message);
        Assert.Throws<DirectoryNotFoundException>(() => BeirDataset.Load(Path.Combine(dir, "missing")));
    }
}
