using KnowledgeBase.Embeddings;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Vectors;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Embeddings;

/// <summary>
/// The dense path over the real embedded store: documents stored without vectors (as when the embedder was down),
/// the backfill embeds them with MiniLM, and the dense signal finds a paraphrase while keeping an internal
/// document away from a public caller.
/// </summary>
public sealed class DenseRetrievalTests
{
    private static DocumentSubmission Document(string id, Visibility visibility, params string[] passages)
    {
        var record = new DocumentRecord(id, id, $"/tmp/{id}.txt", id + "-hash", "text/plain", 1, passages.Length,
            new DocumentMetadata { Visibility = visibility, Language = "en" }, DateTimeOffset.UtcNow);
        var list = passages.Select((text, i) => new Passage(Passage.MakeId(id, i), id, i, 1, 1, 0, text.Length, "", text)).ToList();
        return new DocumentSubmission(record, [new DocumentPage(1, string.Join("\n", passages))], list);
    }

    [Fact]
    public async Task Backfilled_vectors_find_a_paraphrase_and_respect_visibility()
    {
        var ct = TestContext.Current.CancellationToken;
        using var services = TestServices.Create(TestServices.TempDirectory(), new Dictionary<string, string?> { ["KnowledgeBase:Embedder"] = "none" });
        var store = services.GetRequiredService<IKnowledgeStore>();
        var database = services.GetRequiredService<SqliteDatabase>();
        const string target = "The central bank raised interest rates sharply to curb soaring prices.";
        await store.UpsertAsync(Document("public-econ", Visibility.Public,
            "The football team won the championship after a dramatic penalty shootout.", target), ct);
        await store.UpsertAsync(Document("internal-econ", Visibility.Internal,
            "Officials tightened monetary policy to bring inflation under control."), ct);
        await store.UpsertAsync(Document("public-misc", Visibility.Public,
            "Volunteers planted thousands of trees along the river banks.", "The orchestra performed a symphony by a young composer."), ct);

        using var index = new PassageVectorIndex(database);
        var embedder = new PassageEmbedder(MiniLm.Generator);
        var info = await embedder.GetInfoAsync(ct);
        index.EnsureModel(info.ModelId, info.Dimension);
        var backfill = new VectorBackfill(database, index);
        Assert.Equal(5, backfill.CountPending());
        Assert.Equal(5, await backfill.RunAsync(embedder.EmbedPassagesAsync, batchSize: 2, cancellationToken: ct));
        Assert.Equal(0, backfill.CountPending());

        var query = new RetrievalQuery { Vector = await embedder.EmbedQueryAsync("What did monetary authorities do against inflation?", ct) };
        using var connection = database.Open();

        var everyone = new Dictionary<long, Dictionary<Signal, int>>();
        DenseSignal.Rank(connection, index, query, new SearchFilter(AccessScope.Everything), 10, everyone);
        var publicOnly = new Dictionary<long, Dictionary<Signal, int>>();
        DenseSignal.Rank(connection, index, query, new SearchFilter(AccessScope.PublicOnly), 10, publicOnly);

        string PassageText(long pid)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT text FROM passages WHERE pid = $pid";
            command.Parameters.AddWithValue("$pid", pid);
            return (string)command.ExecuteScalar()!;
        }
        string Top(Dictionary<long, Dictionary<Signal, int>> ranks) => PassageText(ranks.Single(r => r.Value[Signal.Dense] == 1).Key);

        Assert.Equal(5, everyone.Count);
        Assert.Contains("monetary policy", Top(everyone)); // the internal paraphrase is closest for staff
        Assert.Equal(4, publicOnly.Count);                  // … and absent, not merely ranked lower, for the public
        Assert.Equal(target, Top(publicOnly));
        Assert.DoesNotContain(publicOnly.Keys, pid => PassageText(pid).Contains("monetary policy"));

        using (var tx = connection.BeginTransaction())
        {
            index.DeleteForDocument(connection, tx, "public-misc");
            tx.Commit();
        }
        Assert.Equal(3, index.Count);
    }
}
