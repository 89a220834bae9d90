using KnowledgeBase.Jobs;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Lexical;
using KnowledgeBase.Storage.Embedded.Schema;
using KnowledgeBase.Storage.Embedded.Vectors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// The embedded store's schema migrations (<see cref="SqliteSchema"/>): stores written by earlier versions open with every
/// row kept, a new store gets every migration, a store from a newer build is refused. The schema-1 store (FTS5) is
/// re-created by <see cref="SchemaOneStore"/> and its migration tested in <see cref="LexicalIndexTests"/>; the schema-2
/// store is <c>Fixtures/Stores/schema-2/knowledge.db</c>, a data directory written by the schema-2 build of the store itself
/// (what it holds is listed in <c>Fixtures/Stores/README.md</c>).
/// </summary>
public sealed class SchemaMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The staff key created in the schema-2 fixture (a key of that test store only).</summary>
    private const string FixtureStaffKey = "kb_7c3c39fdbe1479a4_UqoA_zi6ViBfxi765a_I6A3DzfLKZK8Trx__x-1OlfA";

    private static string CopyOfSchemaTwoStore()
    {
        var data = TestServices.TempDirectory();
        File.Copy(TestServices.Fixture("Stores/schema-2/knowledge.db"), Path.Combine(data, SqliteDatabase.FileName));
        return data;
    }

    private static StoreHost Open(string data) => StoreHost.Create(new Dictionary<string, string?> { ["KnowledgeBase:DataDirectory"] = data });

    [Fact]
    public void Migrations_are_numbered_one_to_the_schema_version_without_gaps()
    {
        Assert.Equal(Enumerable.Range(1, SqliteSchema.Migrations.Count), SqliteSchema.Migrations.Select(m => m.Version));
        Assert.Equal(SqliteSchema.Migrations.Count, SqliteDatabase.SchemaVersion);
        Assert.All(SqliteSchema.Migrations, m => Assert.False(string.IsNullOrWhiteSpace(m.Description)));
    }

    [Fact]
    public async Task A_schema_2_store_opens_at_the_current_version_with_documents_jobs_keys_vectors_and_ledger_kept()
    {
        var data = CopyOfSchemaTwoStore();
        await using var host = Open(data);
        using (var connection = host.Services.GetRequiredService<SqliteDatabase>().Open())
        {
            Assert.Equal(SqliteSchema.Version, SqliteDatabase.StoredSchemaVersion(connection, null));
            Assert.Empty(LexicalIndexCheck.Problems(connection));
        }

        // Documents and their postings: searchable, with visibility as it was written.
        var hits = (await host.Search.SearchAsync(new SearchRequest("冷链运输", new SearchFilter(AccessScope.Everything), 10), Ct)).Results;
        Assert.Equal("dA:1", hits[0].PassageId);
        Assert.Equal(["dA"], (await host.Search.SearchAsync(new SearchRequest("广西", new SearchFilter(AccessScope.PublicOnly), 10), Ct)).Results
            .Select(h => h.DocumentId).Distinct().ToList());
        Assert.True((await host.Store.GetDocumentAsync("dD", AccessScope.Everything, Ct))!.Metadata.PendingReview);
        // Documents written before issue dates were recorded read back without one (migration 4), their year kept.
        var older = (await host.Store.GetDocumentAsync("dA", AccessScope.Everything, Ct))!.Metadata;
        Assert.Null(older.IssuedOn);
        Assert.Equal(new StoreStatistics(3, 4), await host.Store.GetStatisticsAsync(Ct));

        // The ingest ledger.
        var ledger = host.Services.GetRequiredService<IIngestLedger>();
        Assert.Equal(["/inbox/copy-of-dA.txt", "/inbox/dA.txt"], await ledger.GetSourcesAsync("dA", Ct));
        Assert.Equal("encrypted PDF (password required)", Assert.Single(await ledger.GetFailuresAsync(10, Ct)).Reason);

        // Jobs: one done, one still queued, which a worker can take.
        var queue = host.Services.GetRequiredService<IIngestQueue>();
        var summary = await queue.SummarizeAsync(cancellationToken: Ct);
        Assert.Equal((1, 0, 1, 0), (summary.Queued, summary.Running, summary.Done, summary.Failed));
        var next = await queue.LeaseAsync("w", TimeSpan.FromMinutes(1), Ct);
        Assert.Equal(("/inbox/next.txt", "key1"), (next!.Request.Source, next.Request.SubmittedBy));
        Assert.Equal(["待办"], next.Request.Metadata.Tags);

        // API keys: the active one still signs in, the revoked one does not.
        var keys = host.Services.GetRequiredService<IApiKeyStore>();
        var listed = await keys.ListAsync(Ct);
        Assert.Equal(2, listed.Count);
        Assert.Equal(ApiRole.Staff, (await keys.ValidateAsync(FixtureStaffKey, Ct))!.Role);
        Assert.Single(listed, k => k.RevokedAt is not null && k.Organisation == "智库甲");

        // Vectors with their model.
        var vectors = host.Services.GetRequiredService<PassageVectorIndex>();
        Assert.Equal(("fixture-model", 4), vectors.RecordedModel);
        Assert.Equal(3, vectors.Count);
        Assert.Equal("dC:0", host.Services.GetRequiredService<SqliteDatabase>().Open().Query(null,
            "SELECT p.id FROM passage_vectors v JOIN passages p ON p.pid = v.pid ORDER BY v.pid DESC LIMIT 1", r => r.GetString(0))[0]);
    }

    [Fact]
    public async Task A_new_store_runs_every_migration_and_a_second_open_changes_nothing()
    {
        var data = TestServices.TempDirectory();
        var first = new SqliteDatabase(data);
        using (var connection = first.Open())
        {
            Assert.Equal(SqliteSchema.Version, SqliteDatabase.StoredSchemaVersion(connection, null));
            var tables = connection.Query(null, "SELECT name FROM sqlite_master WHERE type = 'table'", r => r.GetString(0));
            Assert.Superset(new HashSet<string> { "documents", "passages", "pages", "sources", "failures", "lex_state", "lex_postings", "lex_lengths",
                "jobs", "api_keys", "passage_vectors", "passage_vector_deletions" }, tables.ToHashSet());
            Assert.DoesNotContain("passage_words", tables);
            Assert.NotNull(LexicalState.Read(connection, null));
        }
        await new SqliteIngestLedger(first).RecordFailureAsync(new IngestFailureRecord("/a", "h", "Corrupt", "bad", DateTimeOffset.UnixEpoch), Ct);

        var second = new SqliteDatabase(data);
        Assert.Equal(1, await new SqliteIngestLedger(second).CountFailuresAsync(Ct));
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public void Opening_a_current_store_does_not_wait_for_a_writer()
    {
        var data = TestServices.TempDirectory();
        using var database = new SqliteDatabase(data);
        using var writer = database.Open();
        using var transaction = writer.BeginTransaction(deferred: false); // holds the write lock for the whole test
        writer.Execute(transaction, "INSERT INTO failures(source, content_hash, kind, reason, at) VALUES ('/x', 'h', 'k', 'r', 't')");

        // Migrating would need the write lock; a current store is only read, so this returns at once instead of timing out.
        using var other = new SqliteDatabase(data);
        using var reader = other.Open();
        Assert.Equal(0L, reader.Long(null, "SELECT count(*) FROM failures"));
    }

    [Fact]
    public void A_store_written_by_a_newer_build_is_refused_with_both_versions()
    {
        var data = TestServices.TempDirectory();
        using (var database = new SqliteDatabase(data))
        using (var connection = database.Open())
            connection.Execute(null, "UPDATE meta SET value = $v WHERE key = 'schema_version'", ("$v", (SqliteSchema.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        SqliteConnection.ClearAllPools();

        var error = Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(data));
        Assert.Contains($"schema version {SqliteSchema.Version + 1}", error.Message);
        Assert.Contains($"up to {SqliteSchema.Version}", error.Message);
        Assert.Contains(Path.Combine(Path.GetFullPath(data), SqliteDatabase.FileName), error.Message);
    }
}
