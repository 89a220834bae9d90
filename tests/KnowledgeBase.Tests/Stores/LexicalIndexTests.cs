using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Lexical;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// The embedded store's own BM25 index (postings blocks in SQLite): block appends, deletes and replaces, idf after
/// deletes, the access filter inside the ranking, phrase constraints deep in the ranking, readers in other "processes"
/// (a second store instance on the same file), and the migration of a schema-1 (FTS5) store.
/// </summary>
public sealed class LexicalIndexTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DocumentSubmission Doc(string id, params string[] passages) =>
        StoreCorpus.Make(id, "report " + id, new DocumentMetadata { Language = "en" }, passages);

    private static RetrievalQuery Words(params string[] terms) => new() { Words = terms };

    /// <summary>Passage ids of the Words signal in rank order.</summary>
    private static async Task<List<string>> RankedAsync(StoreHost host, RetrievalQuery query, SearchFilter? filter = null, int limit = 100)
    {
        var candidates = await host.Store.RetrieveAsync(query, filter ?? new SearchFilter(AccessScope.Everything), limit, Ct);
        return candidates.Where(c => c.Ranks.ContainsKey(Signal.Words)).OrderBy(c => c.Ranks[Signal.Words]).Select(c => c.Passage.Id).ToList();
    }

    private static SqliteConnection Open(StoreHost host) => host.Services.GetRequiredService<SqliteDatabase>().Open();

    private static List<(long FirstPid, long Count)> Blocks(StoreHost host, string term)
    {
        using var connection = Open(host);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT first_pid, count FROM lex_postings WHERE field = 0 AND term = $term ORDER BY first_pid";
        command.Parameters.AddWithValue("$term", term);
        using var reader = command.ExecuteReader();
        var blocks = new List<(long, long)>();
        while (reader.Read()) blocks.Add((reader.GetInt64(0), reader.GetInt64(1)));
        return blocks;
    }

    private static void AssertIndexSound(StoreHost host)
    {
        using var connection = Open(host);
        Assert.Empty(LexicalIndexCheck.Problems(connection));
    }

    [Fact]
    public async Task Appends_fill_the_last_block_then_start_a_new_one()
    {
        const int B = PostingsWriter.BlockSize;
        await using var host = StoreHost.Create();
        string[] Passages(int n, string prefix) => Enumerable.Range(0, n).Select(i => $"zebra {prefix} {i} grazes").ToArray();
        // One document fills all but two postings of the first block; single-passage documents then append to it
        // (rewriting it) until it is full, and the next starts a new block.
        await host.Store.UpsertAsync(Doc("big", Passages(B - 2, "herd")), Ct);
        Assert.Equal([(long)B - 2], Blocks(host, "zebra").Select(b => b.Count));
        for (var i = 0; i < 3; i++) await host.Store.UpsertAsync(Doc($"single{i}", $"zebra alone {i}"), Ct);
        Assert.Equal([(long)B, 1L], Blocks(host, "zebra").Select(b => b.Count));
        // A large document tops up the last block and writes the rest as new blocks.
        await host.Store.UpsertAsync(Doc("bigger", Passages(B + 10, "crowd")), Ct);
        var blocks = Blocks(host, "zebra");
        Assert.Equal([(long)B, B, 11L], blocks.Select(b => b.Count));
        Assert.True(blocks.Zip(blocks.Skip(1)).All(p => p.First.FirstPid < p.Second.FirstPid));
        Assert.Equal(2 * B + 11, (await RankedAsync(host, Words("zebra"), limit: 5000)).Count);
        AssertIndexSound(host);
    }

    [Fact]
    public async Task Deleted_and_replaced_passages_are_never_returned()
    {
        await using var host = StoreHost.Create();
        await host.Store.UpsertAsync(Doc("a", "quokka island census", "quokka burrow"), Ct);
        await host.Store.UpsertAsync(Doc("b", "quokka photographs"), Ct);
        await host.Store.UpsertAsync(Doc("c", "unrelated wombat text"), Ct);

        // Replace a: its new version no longer mentions quokka; delete b.
        await host.Store.UpsertAsync(Doc("a", "wombat island census"), Ct);
        Assert.True(await host.Store.DeleteAsync("b", Ct));

        Assert.Empty(await RankedAsync(host, Words("quokka")));
        Assert.Equal(["a:0", "c:0"], (await RankedAsync(host, Words("wombat"))).Order());
        AssertIndexSound(host);

        // Compaction purges the dead postings and changes no result.
        var removed = host.Services.GetRequiredService<SqliteKnowledgeStore>().CompactLexicalIndex();
        Assert.True(removed > 0);
        Assert.Empty(Blocks(host, "quokka"));
        Assert.Empty(await RankedAsync(host, Words("quokka")));
        Assert.Equal(["a:0", "c:0"], (await RankedAsync(host, Words("wombat"))).Order());
        AssertIndexSound(host);
    }

    [Fact]
    public async Task Compacting_the_store_purges_dead_postings_rewrites_the_file_and_changes_no_result()
    {
        await using var host = StoreHost.Create();
        for (var i = 0; i < 40; i++) await host.Store.UpsertAsync(Doc($"d{i}", $"kiwi orchard {i}", "kiwi harvest", "ostrich farm"), Ct);
        for (var i = 0; i < 40; i += 2) Assert.True(await host.Store.DeleteAsync($"d{i}", Ct));
        var kiwi = (await RankedAsync(host, Words("kiwi"), limit: 500)).Order().ToList();
        var ostrich = (await RankedAsync(host, Words("ostrich", "harvest"), limit: 500)).Order().ToList();
        Assert.Equal(40, kiwi.Count);

        var store = host.Services.GetRequiredService<SqliteKnowledgeStore>();
        var file = new FileInfo(Path.Combine(host.DataDirectory, SqliteDatabase.FileName));
        var wal = new FileInfo(file.FullName + "-wal");
        // Until a checkpoint most of a small store lives in its write-ahead log, so both files count.
        long StoreBytes() { file.Refresh(); wal.Refresh(); return file.Length + (wal.Exists ? wal.Length : 0); }
        var before = StoreBytes();
        var purged = store.Compact();

        // 20 dead documents held 3 passages each: "kiwi" twice, "orchard", "harvest", "ostrich", "farm" once per passage set.
        Assert.True(purged >= 20 * 4, $"purged {purged}");
        var after = StoreBytes();
        Assert.True(after < before, $"{before} → {after} bytes");
        Assert.True(!wal.Exists || wal.Length == 0, "the log is emptied");
        Assert.Equal(kiwi, (await RankedAsync(host, Words("kiwi"), limit: 500)).Order());
        Assert.Equal(ostrich, (await RankedAsync(host, Words("ostrich", "harvest"), limit: 500)).Order());
        AssertIndexSound(host);
    }

    [Fact]
    public async Task Re_ingesting_the_same_document_changes_no_ranking()
    {
        await using var host = StoreHost.Create();
        var docs = new[] { Doc("a", "otter river otter", "beaver dam"), Doc("b", "otter beaver lodge"), Doc("c", "beaver") };
        foreach (var d in docs) await host.Store.UpsertAsync(d, Ct);
        var before = await RankedAsync(host, Words("otter", "beaver"));
        await host.Store.UpsertAsync(docs[0], Ct);
        await host.Store.UpsertAsync(docs[0], Ct);
        Assert.Equal(before.Order(), (await RankedAsync(host, Words("otter", "beaver"))).Order());
        Assert.Equal(4, before.Count);
        AssertIndexSound(host);
    }

    [Fact]
    public async Task Idf_and_lengths_after_deletes_equal_a_fresh_index_of_the_survivors()
    {
        // Rare and common terms whose balance flips when documents are deleted: with the deleted documents "heron"
        // is common (low idf), after the deletes only one passage holds it.
        var survivors = new[]
        {
            Doc("s1", "heron heron marsh"), Doc("s2", "egret marsh reeds"), Doc("s3", "egret egret egret pond reeds marsh"),
            Doc("s4", "marsh walk with long reeds and egret"),
        };
        var doomed = Enumerable.Range(0, 6).Select(i => Doc($"x{i}", $"heron flight {i}", "heron nest")).ToList();
        var query = Words("heron", "egret", "marsh");

        await using var churned = StoreHost.Create();
        foreach (var d in doomed.Take(3)) await churned.Store.UpsertAsync(d, Ct);
        foreach (var d in survivors) await churned.Store.UpsertAsync(d, Ct);
        foreach (var d in doomed.Skip(3)) await churned.Store.UpsertAsync(d, Ct);
        var withDoomed = await RankedAsync(churned, query);
        foreach (var d in doomed) await churned.Store.DeleteAsync(d.Document.Id, Ct);

        await using var fresh = StoreHost.Create();
        foreach (var d in survivors) await fresh.Store.UpsertAsync(d, Ct);

        var expected = await RankedAsync(fresh, query);
        Assert.Equal(expected, await RankedAsync(churned, query));
        Assert.Equal("s1:0", expected[0]); // heron is rare now: the passage holding it twice wins
        Assert.NotEqual("s1:0", withDoomed[0]);
    }

    [Fact]
    public async Task The_access_filter_acts_inside_the_ranking()
    {
        await using var host = StoreHost.Create();
        var hidden = StoreCorpus.Make("hidden", "restricted", new DocumentMetadata { Visibility = Visibility.Restricted, SharedWith = ["org-x"] },
            "falcon falcon falcon falcon falcon secretword");
        await host.Store.UpsertAsync(hidden, Ct);
        for (var i = 0; i < 5; i++) await host.Store.UpsertAsync(Doc($"p{i}", $"a public note that mentions a falcon once, number {i}"), Ct);

        var anonymous = new SearchFilter(AccessScope.PublicOnly);
        // The hidden passage is the best match, yet with a limit of 1 the anonymous caller still gets one visible passage.
        Assert.Equal("hidden:0", (await RankedAsync(host, Words("falcon"), limit: 1))[0]);
        var top = await RankedAsync(host, Words("falcon"), anonymous, limit: 1);
        Assert.Single(top);
        Assert.StartsWith("p", top[0]);
        Assert.Equal(5, (await RankedAsync(host, Words("falcon"), anonymous)).Count);
        // The hidden document holds the only match: nothing, for anonymous callers and for another partner.
        Assert.Empty(await RankedAsync(host, Words("secretword"), anonymous));
        Assert.Empty(await RankedAsync(host, Words("secretword"), new SearchFilter(new AccessScope(false, false, "org-y"))));
        Assert.Equal(["hidden:0"], await RankedAsync(host, Words("secretword"), new SearchFilter(new AccessScope(false, false, "org-x"))));
        // A filter on another field is applied the same way (language is null on the hidden document).
        Assert.Equal(5, (await RankedAsync(host, Words("falcon"), new SearchFilter(AccessScope.Everything) { Language = "en" })).Count);
    }

    [Fact]
    public async Task Required_phrases_find_matches_ranked_far_below_the_limit()
    {
        await using var host = StoreHost.Create();
        // 200 passages rank above the only one holding the phrase (they repeat the term and are short).
        for (var i = 0; i < 200; i++) await host.Store.UpsertAsync(Doc($"d{i:D3}", "lynx lynx lynx"), Ct);
        await host.Store.UpsertAsync(Doc("deep", "a long passage in which a lynx appears once near the old mill by the river bank, with many other words around it"), Ct);

        var query = Words("lynx") with { RequiredPhrases = ["old mill"] };
        Assert.Equal(["deep:0"], await RankedAsync(host, query, limit: 5));
        var excluded = Words("lynx") with { Excluded = ["old mill"] };
        Assert.Equal(201, (await RankedAsync(host, Words("lynx"), limit: 500)).Count);
        Assert.DoesNotContain("deep:0", await RankedAsync(host, excluded, limit: 500));
        Assert.Equal(200, (await RankedAsync(host, excluded, limit: 500)).Count);
    }

    [Fact]
    public async Task Chinese_required_phrases_are_found_wherever_they_stand_and_only_there()
    {
        await using var host = StoreHost.Create();
        // The index narrows a required phrase to passages holding all its bigrams; what surrounds the phrase must not
        // matter, and passages holding the bigrams apart, or the phrase only in the title, must still fail the check.
        await host.Store.UpsertManyAsync([
            StoreCorpus.Make("inside", "报告", new DocumentMetadata(), "未成年人参加黑社会组织构成犯罪"),
            StoreCorpus.Make("alone", "报告", new DocumentMetadata(), "黑社会，犯罪"),
            StoreCorpus.Make("apart", "报告", new DocumentMetadata(), "黑社 会议 社会 犯罪"),
            StoreCorpus.Make("title", "黑社会问题", new DocumentMetadata(), "犯罪问题研究"),
            StoreCorpus.Make("lone", "报告", new DocumentMetadata(), "A股市场犯罪"),
            .. Enumerable.Range(0, 50).Select(i => StoreCorpus.Make($"noise{i:D2}", "报告", new DocumentMetadata(), "犯罪 犯罪 犯罪")),
        ], Ct);

        var ranked = await RankedAsync(host, Words("犯罪") with { RequiredPhrases = ["黑社会"] }, limit: 5);
        Assert.Equal(["alone:0", "inside:0"], ranked.Order(StringComparer.Ordinal));
        // A phrase with a lone Han character has no bigram to narrow by; it is still found inside a longer run.
        Assert.Equal(["lone:0"], await RankedAsync(host, Words("犯罪") with { RequiredPhrases = ["a股"] }, limit: 5));
    }

    [Fact]
    public async Task The_preload_reads_every_postings_block()
    {
        await using var host = StoreHost.Create();
        await host.Store.UpsertManyAsync(StoreCorpus.All(), Ct);
        using var connection = Open(host);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sum(length(data)), count(*) FROM lex_postings";
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.True(reader.GetInt64(1) > 50, "the corpus should give many blocks");
        Assert.Equal(reader.GetInt64(0), host.Services.GetRequiredService<SqliteKnowledgeStore>().PreloadLexicalIndex(Ct));
    }

    [Fact]
    public async Task Term_weights_change_the_ranking()
    {
        await using var host = StoreHost.Create();
        await host.Store.UpsertAsync(Doc("a", "badger badger sett"), Ct);
        await host.Store.UpsertAsync(Doc("b", "mole mole hill"), Ct);
        var plain = await RankedAsync(host, Words("badger", "mole"));
        Assert.Equal(2, plain.Count);
        var moleHeavy = await RankedAsync(host, Words("badger", "mole") with { TermWeights = new Dictionary<string, float> { ["mole"] = 3f } });
        var badgerHeavy = await RankedAsync(host, Words("badger", "mole") with { TermWeights = new Dictionary<string, float> { ["badger"] = 3f } });
        Assert.Equal("b:0", moleHeavy[0]);
        Assert.Equal("a:0", badgerHeavy[0]);
    }

    [Fact]
    public async Task A_second_store_on_the_same_file_sees_every_write()
    {
        await using var writer = StoreHost.Create();
        // Another process's view: its own DI container, database object and caches over the same data directory.
        await using var reader = StoreHost.Create(new Dictionary<string, string?> { ["KnowledgeBase:DataDirectory"] = writer.DataDirectory });
        await writer.Store.UpsertAsync(Doc("a", "ibex cliff"), Ct);
        Assert.Equal(["a:0"], await RankedAsync(reader, Words("ibex")));
        await writer.Store.UpsertAsync(Doc("b", "ibex ibex ibex"), Ct);
        Assert.Equal(["b:0", "a:0"], await RankedAsync(reader, Words("ibex")));
        await writer.Store.DeleteAsync("b", Ct);
        Assert.Equal(["a:0"], await RankedAsync(reader, Words("ibex")));
        // Allowed sets are cached per generation too: a document that becomes restricted disappears for anonymous readers.
        var anonymous = new SearchFilter(AccessScope.PublicOnly);
        Assert.Equal(["a:0"], await RankedAsync(reader, Words("ibex"), anonymous));
        await writer.Store.UpsertAsync(StoreCorpus.Make("a", "report a", new DocumentMetadata { Visibility = Visibility.Internal }, "ibex cliff"), Ct);
        Assert.Empty(await RankedAsync(reader, Words("ibex"), anonymous));
    }

    [Fact]
    public async Task An_approval_shows_the_document_to_anonymous_readers_at_once()
    {
        await using var host = StoreHost.Create();
        var pending = StoreCorpus.Make("up", "upload", new DocumentMetadata { OwnerOrganisation = "org-x", PendingReview = true }, "pelican harbour survey");
        await host.Store.UpsertAsync(pending, Ct);
        var anonymous = new SearchFilter(AccessScope.PublicOnly);
        Assert.Empty(await RankedAsync(host, Words("pelican"), anonymous)); // caches the admitted set of this scope
        // Approval changes only the documents row, not the postings: the cached admitted set must still be dropped.
        Assert.True(await new KnowledgeBase.Storage.Embedded.Catalog.SqliteDocumentReview(host.Services.GetRequiredService<SqliteDatabase>()).ApproveAsync("up", Ct));
        Assert.Equal(["up:0"], await RankedAsync(host, Words("pelican"), anonymous));
    }

    [Fact]
    public async Task A_schema_1_store_is_reindexed_on_open()
    {
        var data = TestServices.TempDirectory();
        SchemaOneStore.Create(data,
            ("old1", "旧版边境贸易报告", 1, new[] { "崇左市边境贸易带动沿边群众增收。", "凭祥口岸冷链运输规模扩大。" }),
            ("old2", "乡村振兴调研", 1, new[] { "甘蔗产业是乡村振兴的主导产业。" }));

        await using var host = StoreHost.Create(new Dictionary<string, string?> { ["KnowledgeBase:DataDirectory"] = data });
        var hits = (await host.Search.SearchAsync(new SearchRequest("冷链运输", new SearchFilter(AccessScope.Everything), 10), Ct)).Results;
        Assert.Equal("old1:1", hits[0].PassageId);
        // Visibility survives the migration: old2 is internal (visibility 1 = Internal).
        Assert.Empty((await host.Search.SearchAsync(new SearchRequest("甘蔗产业", new SearchFilter(AccessScope.PublicOnly), 10), Ct)).Results);
        Assert.NotEmpty((await host.Search.SearchAsync(new SearchRequest("甘蔗产业", new SearchFilter(AccessScope.Everything), 10), Ct)).Results);

        using (var connection = Open(host))
        {
            Assert.Empty(LexicalIndexCheck.Problems(connection));
            Assert.Equal(SqliteDatabase.SchemaVersion, SqliteDatabase.StoredSchemaVersion(connection, null));
            using var fts = connection.CreateCommand();
            fts.CommandText = "SELECT count(*) FROM sqlite_master WHERE name LIKE 'passage_words%' OR name LIKE 'passage_bigrams%'";
            Assert.Equal(0L, (long)fts.ExecuteScalar()!);
        }
        // New writes continue after the old pids.
        await host.Store.UpsertAsync(Doc("new", "冷链运输 新增 冷链运输"), Ct);
        hits = (await host.Search.SearchAsync(new SearchRequest("冷链运输", new SearchFilter(AccessScope.Everything), 10), Ct)).Results;
        Assert.Equal(["new:0", "old1:1"], hits.Select(h => h.PassageId).Order().ToList());
        AssertIndexSound(host);
    }
}
