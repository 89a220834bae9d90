using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Vectors;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Embeddings;

public sealed class PassageVectorIndexTests
{
    private const int Dimension = 32;

    private static PassageVectorIndex Open(SqliteDatabase database, int hnswThreshold = 1_000_000) =>
        new(database, Options.Create(new VectorIndexOptions { HnswThreshold = hnswThreshold, ExactBelowAllowed = 0 }));

    private static SqliteDatabase NewDatabase() => new(TestServices.TempDirectory());

    private static void Fill(PassageVectorIndex index, float[][] vectors)
    {
        index.EnsureModel("test-model", Dimension);
        index.UpsertMany(vectors.Select((v, i) => ((long)i + 1, (ReadOnlyMemory<float>)v)));
    }

    [Fact]
    public async Task Graph_and_exact_scan_agree_and_both_filter_inside_the_search()
    {
        var vectors = ClusteredVectors.Generate(3000, Dimension, clusters: 30, seed: 1);
        var queries = ClusteredVectors.Generate(25, Dimension, clusters: 30, seed: 1); // same centres: realistic queries
        using var index = Open(NewDatabase(), hnswThreshold: 1000);
        Fill(index, vectors);
        await index.WaitForGraphAsync(TestContext.Current.CancellationToken);
        Assert.True(index.UsesGraph);

        static bool Allowed(long pid) => pid % 3 == 0;
        double overlap = 0, filteredOverlap = 0;
        foreach (var q in queries)
        {
            var graph = index.Search(q, 10);
            var exact = index.SearchExact(q, 10);
            overlap += graph.Select(h => h.Pid).Intersect(exact.Select(h => h.Pid)).Count() / 10.0;

            var graphFiltered = index.Search(q, 10, Allowed);
            var exactFiltered = index.SearchExact(q, 10, Allowed);
            Assert.Equal(10, graphFiltered.Count);
            Assert.All(graphFiltered, h => Assert.True(Allowed(h.Pid)));
            Assert.All(exactFiltered, h => Assert.True(Allowed(h.Pid)));
            filteredOverlap += graphFiltered.Select(h => h.Pid).Intersect(exactFiltered.Select(h => h.Pid)).Count() / 10.0;
            Assert.True(graph.Zip(graph.Skip(1)).All(p => p.First.Score >= p.Second.Score - 1e-6f), "hits must come best first");
        }
        Assert.True(overlap / queries.Length >= 0.95, $"recall@10 of the graph {overlap / queries.Length:F3}");
        Assert.True(filteredOverlap / queries.Length >= 0.95, $"filtered recall@10 of the graph {filteredOverlap / queries.Length:F3}");
    }

    [Fact]
    public void Exact_scan_returns_the_true_nearest_neighbours()
    {
        var vectors = ClusteredVectors.Generate(500, Dimension, clusters: 5, seed: 2);
        using var index = Open(NewDatabase());
        Fill(index, vectors);

        var query = vectors[41];
        var expected = vectors.Select((v, i) => (Pid: (long)i + 1, Score: MiniLm.Cosine(query, v))).OrderByDescending(x => x.Score).Take(5).Select(x => x.Pid);
        var hits = index.Search(query, 5);
        Assert.Equal(expected, hits.Select(h => h.Pid));
        Assert.Equal(42, hits[0].Pid);
        Assert.Equal(1f, hits[0].Score, 4);
    }

    [Fact]
    public void Writes_and_deletes_of_one_instance_reach_another_on_the_same_database()
    {
        var database = NewDatabase();
        var vectors = ClusteredVectors.Generate(50, Dimension, clusters: 3, seed: 3);
        using var writer = Open(database);
        using var reader = Open(database);
        Fill(writer, vectors);
        Assert.Equal(50, reader.Count);

        writer.Delete([7, 8]);
        writer.Upsert(9, vectors[0]); // pid 9 now carries pid 1's vector
        var hits = reader.Search(vectors[0], 50);
        Assert.Equal(48, hits.Count);
        Assert.DoesNotContain(hits, h => h.Pid is 7 or 8);
        Assert.Equal(1f, hits.Single(h => h.Pid == 9).Score, 4);
    }

    [Fact]
    public void Another_model_is_refused_until_the_index_is_reset()
    {
        var database = NewDatabase();
        using var index = Open(database);
        Fill(index, ClusteredVectors.Generate(10, Dimension, 2, seed: 4));

        var e = Assert.Throws<VectorModelMismatchException>(() => Open(database).EnsureModel("other-model", 768));
        Assert.Contains("test-model (32 dims)", e.Message);
        Assert.Contains("other-model (768 dims)", e.Message);
        Assert.Contains("kb reindex --embeddings", e.Message);

        index.Reset("other-model", 768);
        Assert.Equal(0, index.Count);
        Assert.Equal(("other-model", 768), index.RecordedModel);
        Open(database).EnsureModel("other-model", 768);
    }

    [Fact]
    public async Task A_saved_graph_is_loaded_by_the_next_process_and_caught_up()
    {
        var database = NewDatabase();
        var vectors = ClusteredVectors.Generate(1500, Dimension, clusters: 10, seed: 5);
        using (var first = Open(database, hnswThreshold: 1000))
        {
            Fill(first, vectors);
            await first.WaitForGraphAsync(TestContext.Current.CancellationToken);
            first.SaveGraph();
        }
        Assert.Single(Directory.GetFiles(database.DataDirectory, "vectors-*.usearch"));

        using (var writer = Open(database)) writer.Delete([1, 2, 3]);

        using var second = Open(database, hnswThreshold: 1000);
        Assert.True(second.UsesGraph, "a saved graph should be loaded, not rebuilt in the background");
        var hits = second.Search(vectors[0], 10);
        Assert.DoesNotContain(hits, h => h.Pid is 1 or 2 or 3);
        Assert.Equal(1497, second.Count);
    }
}
