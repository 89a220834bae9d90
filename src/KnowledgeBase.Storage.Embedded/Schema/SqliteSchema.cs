// The schema of the embedded store's database (DATA/knowledge.db): every table, index and trigger is created here and
// nowhere else, as an ordered list of migrations. The database records the number of the last migration it has run
// (meta.schema_version); opening it runs the ones after that, each in the same write transaction as the new number,
// so a crash leaves either the old schema or the new one.
//
// To change the schema (a column, a table, an index):
//   1. Add a migration at the END of Migrations with the next number and a description that says what it adds and
//      why, e.g. new(4, "passages.ocr, passages.ocr_confidence: pages read by OCR", """ALTER TABLE passages ADD ...""").
//      Write it so it runs once on a database of the previous version: ALTER TABLE ... ADD COLUMN with a DEFAULT (or
//      NULL) so existing rows stay valid; fill derived values in the same migration when they can be computed in SQL.
//   2. Never edit or renumber a migration that is on main: stores in the field have run it. If main gained a migration
//      with your number while you worked, renumber yours to follow it when you merge.
//   3. Add a test that opens a store of the previous version (tests/.../Stores/SchemaMigrationTests.cs has the
//      stores of earlier versions) and reads the new column's default back.
//   4. Write and read the column in DocumentWriter / DocumentRows (or the class that owns the table).
// Data that only code can rebuild (the lexical index from stored passages) is not built inside a migration: the
// migration leaves the index marked missing and the store rebuilds it when it opens (LexicalReindexer).

using KnowledgeBase.Storage.Embedded.Lexical;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Schema;

/// <summary>One step of the schema: applied once, in order, to databases of the version before it.</summary>
/// <param name="Version">The schema version the database has after this step.</param>
/// <param name="Description">What the step adds and why.</param>
/// <param name="Apply">Runs the step inside the migrating write transaction.</param>
public sealed record SqliteMigration(int Version, string Description, Action<SqliteConnection, SqliteTransaction> Apply)
{
    public SqliteMigration(int version, string description, string sql)
        : this(version, description, (connection, transaction) => connection.Execute(transaction, sql)) { }
}

/// <summary>The embedded store's schema as ordered migrations; see the comment at the top of this file before changing it.</summary>
public static class SqliteSchema
{
    public static readonly IReadOnlyList<SqliteMigration> Migrations =
    [
        new(1, "documents with their pages, passages, tags and shares; the ingest ledger (sources, failures)", """
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
                ingested_at TEXT NOT NULL);
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
                norm_text TEXT NOT NULL);
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
            """),
        new(2, "own BM25 postings over words and bigrams (lex_*) replace the FTS5 indexes; documents record their pid range", LexicalIndex),
        new(3, "ingest jobs, API keys and passage vectors, which their classes used to create on first use", """
            CREATE TABLE IF NOT EXISTS jobs(
                id TEXT PRIMARY KEY,
                staged_path TEXT NOT NULL,
                source TEXT NOT NULL,
                metadata TEXT NOT NULL,
                pinned_document_id TEXT,
                submitted_by TEXT,
                content_hash TEXT,
                state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                not_before INTEGER NOT NULL,
                lease_owner TEXT,
                lease_until INTEGER,
                error TEXT,
                document_id TEXT,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_jobs_state ON jobs(state, created);
            CREATE INDEX IF NOT EXISTS ix_jobs_source ON jobs(source, content_hash);
            CREATE TABLE IF NOT EXISTS api_keys(
                id TEXT PRIMARY KEY,
                secret_hash BLOB NOT NULL,
                role TEXT NOT NULL,
                organisation TEXT,
                name TEXT,
                created_at TEXT NOT NULL,
                revoked_at TEXT);
            CREATE TABLE IF NOT EXISTS passage_vectors(pid INTEGER PRIMARY KEY, seq INTEGER NOT NULL, vector BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_passage_vectors_seq ON passage_vectors(seq);
            CREATE TABLE IF NOT EXISTS passage_vector_deletions(seq INTEGER NOT NULL, pid INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_passage_vector_deletions_seq ON passage_vector_deletions(seq);
            INSERT OR IGNORE INTO meta(key, value) VALUES ('vector_seq', '0');
            INSERT OR IGNORE INTO meta(key, value) VALUES ('vector_epoch', '0');
            """),
        new(4, "documents.issued_on: the day a document was issued (yyyy-MM-dd), the anchor for relative time in its text; empty for documents ingested before", """
            ALTER TABLE documents ADD COLUMN issued_on TEXT;
            """),
        new(5, "passage_times: the time expressions each passage resolves to against its document's date (今年 → 2025), shown with results; the time terms of the word index are rebuilt from stored passages when a store that has passages opens (TimeIndex)", TimeIndexTable),
        new(6, "passages.ocr_confidence: the OCR confidence (0…1) of a passage recognised from a page image; NULL for text taken from the file, as every passage ingested before was", """
            ALTER TABLE passages ADD COLUMN ocr_confidence REAL;
            """),
    ];

    /// <summary>The version a database has once every migration has run.</summary>
    public static int Version => Migrations[^1].Version;

    /// <summary>
    /// Schema 5. A store without passages is dated completely by an empty table; one that has passages is left unmarked,
    /// so <see cref="Time.TimeIndex"/> dates them (the resolver is code, not SQL) when the store opens.
    /// </summary>
    private static void TimeIndexTable(SqliteConnection connection, SqliteTransaction transaction)
    {
        connection.Execute(transaction, Time.PassageTimeRows.CreateSql);
        if (connection.Long(transaction, "SELECT count(*) FROM passages") == 0) Time.TimeIndex.MarkBuilt(connection, transaction);
    }

    /// <summary>
    /// Schema 2. The postings tables are created empty: a new or empty store gets an empty, complete index here; a store
    /// that holds passages (schema 1) is left without <c>lex_state</c>, which makes the store rebuild its index from the
    /// stored passages when it opens (<see cref="LexicalReindexer"/>). The FTS5 tables of schema 1 go.
    /// </summary>
    private static void LexicalIndex(SqliteConnection connection, SqliteTransaction transaction)
    {
        // Stores that an older build opened may already have these columns.
        foreach (var column in new[] { "pid_start", "pid_end" })
            if (connection.Long(transaction, "SELECT count(*) FROM pragma_table_info('documents') WHERE name = $column", ("$column", column)) == 0)
                connection.Execute(transaction, $"ALTER TABLE documents ADD COLUMN {column} INTEGER");
        connection.Execute(transaction, """
            CREATE TABLE IF NOT EXISTS lex_state(
                id INTEGER PRIMARY KEY CHECK (id = 0),
                epoch TEXT NOT NULL,
                generation INTEGER NOT NULL,
                next_pid INTEGER NOT NULL,
                live INTEGER NOT NULL,
                dead INTEGER NOT NULL,
                words_length INTEGER NOT NULL,
                bigrams_length INTEGER NOT NULL);
            -- Cached admitted sets depend on a document's row, shares and tags (an approval changes them): any change bumps
            -- the generation so readers in every process drop their caches.
            CREATE TRIGGER IF NOT EXISTS lex_documents_updated AFTER UPDATE ON documents
                BEGIN UPDATE lex_state SET generation = generation + 1; END;
            CREATE TRIGGER IF NOT EXISTS lex_shares_inserted AFTER INSERT ON document_shares
                BEGIN UPDATE lex_state SET generation = generation + 1; END;
            CREATE TRIGGER IF NOT EXISTS lex_shares_deleted AFTER DELETE ON document_shares
                BEGIN UPDATE lex_state SET generation = generation + 1; END;
            CREATE TRIGGER IF NOT EXISTS lex_tags_inserted AFTER INSERT ON document_tags
                BEGIN UPDATE lex_state SET generation = generation + 1; END;
            CREATE TRIGGER IF NOT EXISTS lex_tags_deleted AFTER DELETE ON document_tags
                BEGIN UPDATE lex_state SET generation = generation + 1; END;
            CREATE TABLE IF NOT EXISTS lex_lengths(chunk INTEGER PRIMARY KEY, gen INTEGER NOT NULL, data BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_lex_lengths_gen ON lex_lengths(gen);
            CREATE TABLE IF NOT EXISTS lex_postings(
                field INTEGER NOT NULL,
                term TEXT NOT NULL,
                first_pid INTEGER NOT NULL,
                count INTEGER NOT NULL,
                data BLOB NOT NULL,
                PRIMARY KEY(field, term, first_pid)) WITHOUT ROWID;
            DROP TABLE IF EXISTS passage_words;
            DROP TABLE IF EXISTS passage_bigrams;
            """);
        if (connection.Long(transaction, "SELECT count(*) FROM passages") == 0 && LexicalState.Read(connection, transaction) is null)
            LexicalState.Empty(1).Write(connection, transaction);
    }
}
