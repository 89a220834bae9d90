using KnowledgeBase.Model;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Vectors;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// Concurrent writers (the bench and `kb ingest` write one batch or document per core) keep a snapshot open nearly all
/// the time, so SQLite's automatic checkpoint never restarts the log: the WAL must still stay bounded.
/// </summary>
[Trait("Category", "Slow")]
public sealed class WriteAheadLogTests
{
    [Fact]
    public async Task Concurrent_writers_keep_the_log_bounded_and_lose_nothing()
    {
        var dir = TestServices.TempDirectory();
        const long limit = 1L << 20;
        var database = new SqliteDatabase(dir) { WalCheckpointBytes = limit };
        using var vectors = new PassageVectorIndex(database);
        var store = new SqliteKnowledgeStore(database, TestServices.Analyzer, vectors);

        var text = string.Join("", File.ReadLines(TestServices.Fixture("eval-small/corpus.jsonl")).Take(40));
        var largest = 0L;
        var wal = new FileInfo(Path.Combine(dir, SqliteDatabase.FileName + "-wal"));
        using var stop = new CancellationTokenSource();
        // Searches in other connections, overlapping one another as an API under load does: one snapshot is always open.
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(async () =>
        {
            using var connection = database.Open();
            while (!stop.IsCancellationRequested)
            {
                using var tx = connection.BeginTransaction(deferred: true);
                using (var command = connection.CreateCommand()) { command.Transaction = tx; command.CommandText = "SELECT count(*) FROM passages"; command.ExecuteScalar(); }
                await Task.Delay(3 + r);
                tx.Commit();
            }
        })).ToList();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i += 4)
            {
                // Batches, as bulk loads write: long write transactions leave the other writer little room to checkpoint.
                var batch = Enumerable.Range(i, 4).Select(n => $"w{writer}-{n}").Select(id => StoreCorpus.Make(id, "报告 " + id, new DocumentMetadata(),
                    [.. Enumerable.Range(0, 8).Select(k => $"{id} 第{k}段 {text[(k * 97 % text.Length)..]}")])).ToList();
                await store.UpsertManyAsync(batch, TestContext.Current.CancellationToken);
                wal.Refresh();
                if (wal.Exists) Interlocked.Exchange(ref largest, Math.Max(Interlocked.Read(ref largest), wal.Length));
            }
        })));
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal(80, (await store.GetStatisticsAsync(TestContext.Current.CancellationToken)).Documents);
        // One transaction may pass the limit before its writer checkpoints; the log never keeps growing past that.
        Assert.True(largest < 12 * limit, $"WAL reached {largest:N0} bytes with a {limit:N0}-byte limit");
    }
}
