using System.Globalization;
using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>
/// The embedded store's database file (<c>DATA/knowledge.db</c>): opens connections with the pragmas every
/// connection needs and migrates the schema (<see cref="SqliteSchema"/>). WAL lets the API read while an ingest writes; a killed process
/// leaves at most an uncommitted transaction, which SQLite rolls back on the next open.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    public const string FileName = "knowledge.db";
    /// <summary>The schema version this build writes (<see cref="SqliteSchema"/>: one migration per version).</summary>
    public static int SchemaVersion => SqliteSchema.Version;

    private readonly string _connectionString;

    public SqliteDatabase(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(DataDirectory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataDirectory, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Migrate(connection);
    }

    /// <summary>
    /// Closes this file's pooled connections, so the data directory can be deleted or moved once the services that
    /// opened it are disposed (temporary stores of <c>kb eval</c>, tests).
    /// </summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>The data directory holding the database.</summary>
    public string DataDirectory { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;");
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction, one such writer of this process at a time, commits, and then
    /// (still alone) bounds the log with <see cref="CheckpointIfLarge"/>. Writers queue here rather than in SQLite's busy
    /// handler because a checkpoint cannot restart the log while another writer holds the write lock: with two writers
    /// taking turns on long batch transactions the lock was never free and the log grew past 5 GiB in a 1M-passage build.
    /// </summary>
    public T WriteTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work) => AsTheOnlyWriter(() =>
    {
        using var connection = Open();
        T result;
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            result = work(connection, transaction);
            transaction.Commit();
        }
        CheckpointIfLarge(connection);
        return result;
    });

    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <summary>Runs <paramref name="work"/> while no other writer of this process runs (see <see cref="WriteTransaction{T}"/>).</summary>
    private T AsTheOnlyWriter<T>(Func<T> work)
    {
        _writeGate.Wait();
        try
        {
            return work();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Rewrites the database file in key order (SQLite's <c>VACUUM</c>) and empties the write-ahead log. Batched ingest
    /// appends each term's postings blocks wherever the file ends, so after a bulk load one long list is spread over
    /// the whole file and a search with a cold file cache reads it one random page at a time; rewritten, each list lies
    /// together (1M passages, file cache cold: p95 101 → 65–80 ms, docs/performance.md). Takes this process's write gate; other
    /// writers must be stopped. Needs free disk of about twice the file's size while it runs.
    /// </summary>
    public void Rewrite() => AsTheOnlyWriter(() =>
    {
        using var connection = Open();
        // VACUUM builds the new file as a temporary database first; with this store's in-memory temp_store that copy
        // would take as much RAM as the file is large (5.6 GB resident for a 1M-passage store).
        Execute(connection, "PRAGMA temp_store=FILE;");
        try
        {
            Execute(connection, "VACUUM;");
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
        finally
        {
            Execute(connection, "PRAGMA temp_store=MEMORY;");
        }
        return true;
    });

    /// <summary>WAL size above which a writer checkpoints and truncates the log after its commit (256 MiB).</summary>
    public long WalCheckpointBytes { get; init; } = 256L << 20;

    /// <summary>
    /// Keeps the write-ahead log bounded during long ingests. SQLite's automatic checkpoint copies pages back but can
    /// only restart the log when no reader holds a snapshot, and concurrent writers (one per core) nearly always do:
    /// the log then grows without limit (measured: 49 GiB after 150k passages of a bulk build, filling the disk).
    /// A TRUNCATE checkpoint waits for those readers (busy timeout) and empties the file. Call after a commit.
    /// </summary>
    public void CheckpointIfLarge(SqliteConnection connection)
    {
        var wal = new FileInfo(Path.Combine(DataDirectory, FileName + "-wal"));
        if (!wal.Exists || wal.Length < WalCheckpointBytes) return;
        // The pragma does not fail when a reader is still on the log: it answers busy = 1 and leaves the log as it is,
        // and Microsoft.Data.Sqlite retries only errors. So retry here, briefly, until the readers have moved on.
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using (var reader = checkpoint.ExecuteReader())
                if (reader.Read() && reader.GetInt32(0) == 0) return;
            Thread.Sleep(10);
        }
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null) =>
        connection.Execute(transaction, sql);

    /// <summary>The schema version recorded in <c>meta</c>, or null for a database without one (new, or not a store).</summary>
    public static int? StoredSchemaVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        if (connection.Long(transaction, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'") == 0) return null;
        return connection.Scalar(transaction, "SELECT value FROM meta WHERE key = 'schema_version'") is string value
            ? int.Parse(value, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>
    /// Brings the database to <see cref="SqliteSchema.Version"/> by running the migrations it has not run, in one write
    /// transaction (processes opening the same file at once take turns; the second finds nothing left to do). A current
    /// database is only read, so opening one never waits for a writer. A database written by a newer build is refused.
    /// </summary>
    private void Migrate(SqliteConnection connection)
    {
        if (CheckVersion(connection, null) == SqliteSchema.Version) return;
        using var transaction = connection.BeginTransaction(deferred: false);
        var stored = CheckVersion(connection, transaction);
        connection.Execute(transaction, "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        foreach (var migration in SqliteSchema.Migrations.Where(m => m.Version > stored))
        {
            migration.Apply(connection, transaction);
            connection.Execute(transaction, "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', $v)",
                ("$v", migration.Version.ToString(CultureInfo.InvariantCulture)));
        }
        transaction.Commit();
    }

    private int CheckVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var stored = StoredSchemaVersion(connection, transaction) ?? 0;
        if (stored > SqliteSchema.Version)
            throw new InvalidOperationException(
                $"{Path.Combine(DataDirectory, FileName)} has schema version {stored}, but this build of KnowledgeBase knows versions up to " +
                $"{SqliteSchema.Version}: it was written by a newer build. Run that build (or newer) on this data directory.");
        return stored;
    }
}
