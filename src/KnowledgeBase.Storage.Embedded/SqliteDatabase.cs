using KnowledgeBase.Storage.Embedded.Lexical;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>
/// The embedded store's database file (<c>DATA/knowledge.db</c>): opens connections with the pragmas every
/// connection needs and creates the schema. WAL lets the API read while an ingest writes; a killed process
/// leaves at most an uncommitted transaction, which SQLite rolls back on the next open.
/// </summary>
public sealed class SqliteDatabase
{
    public const string FileName = "knowledge.db";
    /// <summary>2: our own BM25 postings (<c>lex_*</c> tables) replace the FTS5 indexes of schema 1.</summary>
    public const int SchemaVersion = 2;

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
        EnsureSchema(connection);
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

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The schema version recorded in <c>meta</c>, or null for a database created just now.</summary>
    public static int? StoredSchemaVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        return command.ExecuteScalar() is string value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    internal static void SetSchemaVersion(SqliteConnection connection, SqliteTransaction transaction, int version)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', $v)";
        command.Parameters.AddWithValue("$v", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    private static bool HasColumn(SqliteConnection connection, SqliteTransaction transaction, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = $column";
        command.Parameters.AddWithValue("$column", column);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static void EnsureSchema(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS documents(
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                source TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                media_type TEXT NOT NULL,
                page_count INTEGER NOT NULL,
                passage_count INTEGER NOT NULL,
                author TEXT,
                organisation TEXT,
                year INTEGER,
                doc_type TEXT,
                language TEXT,
                visibility INTEGER NOT NULL,
                owner_org TEXT,
                pending INTEGER NOT NULL DEFAULT 0,
                ingested_at TEXT NOT NULL,
                pid_start INTEGER,
                pid_end INTEGER);
            CREATE INDEX IF NOT EXISTS ix_documents_hash ON documents(content_hash);
            CREATE TABLE IF NOT EXISTS document_shares(
                document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                organisation TEXT NOT NULL,
                PRIMARY KEY(document_id, organisation)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS document_tags(
                document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                tag TEXT NOT NULL,
                PRIMARY KEY(document_id, tag)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_document_tags_tag ON document_tags(tag);
            CREATE TABLE IF NOT EXISTS pages(
                document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                text TEXT NOT NULL,
                PRIMARY KEY(document_id, number)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS passages(
                pid INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                page INTEGER NOT NULL,
                page_end INTEGER NOT NULL,
                start_offset INTEGER NOT NULL,
                end_offset INTEGER NOT NULL,
                heading_path TEXT NOT NULL,
                text TEXT NOT NULL,
                norm_text TEXT NOT NULL,
                ocr_confidence REAL);
            CREATE INDEX IF NOT EXISTS ix_passages_document ON passages(document_id, ordinal);
            CREATE TABLE IF NOT EXISTS sources(
                source TEXT PRIMARY KEY,
                document_id TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                updated_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_sources_document ON sources(document_id);
            CREATE TABLE IF NOT EXISTS failures(
                source TEXT PRIMARY KEY,
                content_hash TEXT NOT NULL,
                kind TEXT NOT NULL,
                reason TEXT NOT NULL,
                at TEXT NOT NULL);
            """, transaction);
        Execute(connection, LexicalState.CreateSql + PassageLengths.CreateSql + PostingsWriter.CreateSql, transaction);
        if (StoredSchemaVersion(connection, transaction) is null)
        {
            // A new database: the lexical index starts empty and complete.
            SetSchemaVersion(connection, transaction, SchemaVersion);
            LexicalState.Empty(1).Write(connection, transaction);
        }
        else
        {
            // Schema 1 had no pid ranges; SqliteKnowledgeStore fills them when it re-indexes (LexicalReindexer).
            foreach (var column in new[] { "pid_start", "pid_end" })
                if (!HasColumn(connection, transaction, "documents", column))
                    Execute(connection, $"ALTER TABLE documents ADD COLUMN {column} INTEGER", transaction);
            // Stores written before OCR have no confidence column: all their passages came from text layers (NULL).
            if (!HasColumn(connection, transaction, "passages", "ocr_confidence"))
                Execute(connection, "ALTER TABLE passages ADD COLUMN ocr_confidence REAL", transaction);
        }
        transaction.Commit();
    }
}
