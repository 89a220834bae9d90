using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// Writes a data directory exactly as schema 1 of the embedded store (FTS5 indexes, before the own postings) left it:
/// the DDL is schema 1's, rows are written the way its UpsertAsync wrote them (pids from INTEGER PRIMARY KEY, FTS rows
/// of space-joined terms). Lets the migration test open a real old store without keeping old code around.
/// </summary>
internal static class SchemaOneStore
{
    public static void Create(string dataDirectory, params (string Id, string Title, int Visibility, string[] Passages)[] documents)
    {
        Directory.CreateDirectory(dataDirectory);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "knowledge.db")};Pooling=False");
        connection.Open();
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE documents(
                id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, content_hash TEXT NOT NULL, media_type TEXT NOT NULL,
                page_count INTEGER NOT NULL, passage_count INTEGER NOT NULL, author TEXT, organisation TEXT, year INTEGER,
                doc_type TEXT, language TEXT, visibility INTEGER NOT NULL, owner_org TEXT, pending INTEGER NOT NULL DEFAULT 0,
                ingested_at TEXT NOT NULL);
            CREATE INDEX ix_documents_hash ON documents(content_hash);
            CREATE TABLE document_shares(document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, organisation TEXT NOT NULL,
                PRIMARY KEY(document_id, organisation)) WITHOUT ROWID;
            CREATE TABLE document_tags(document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, tag TEXT NOT NULL,
                PRIMARY KEY(document_id, tag)) WITHOUT ROWID;
            CREATE INDEX ix_document_tags_tag ON document_tags(tag);
            CREATE TABLE pages(document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, number INTEGER NOT NULL,
                text TEXT NOT NULL, PRIMARY KEY(document_id, number)) WITHOUT ROWID;
            CREATE TABLE passages(
                pid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL, page INTEGER NOT NULL, page_end INTEGER NOT NULL, start_offset INTEGER NOT NULL,
                end_offset INTEGER NOT NULL, heading_path TEXT NOT NULL, text TEXT NOT NULL, norm_text TEXT NOT NULL);
            CREATE INDEX ix_passages_document ON passages(document_id, ordinal);
            CREATE VIRTUAL TABLE passage_words USING fts5(
                title, headings, body, tokenize='unicode61 remove_diacritics 0', content='', contentless_delete=1);
            CREATE VIRTUAL TABLE passage_bigrams USING fts5(
                title, body, tokenize='unicode61 remove_diacritics 0', content='', contentless_delete=1);
            CREATE TABLE sources(source TEXT PRIMARY KEY, document_id TEXT NOT NULL, content_hash TEXT NOT NULL, updated_at TEXT NOT NULL);
            CREATE INDEX ix_sources_document ON sources(document_id);
            CREATE TABLE failures(source TEXT PRIMARY KEY, content_hash TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL);
            INSERT INTO meta(key, value) VALUES ('schema_version', '1');
            """);
        var analyzer = TestServices.Analyzer;
        foreach (var (id, title, visibility, passages) in documents)
        {
            Execute(connection, """
                INSERT INTO documents(id, title, source, content_hash, media_type, page_count, passage_count, visibility, pending, ingested_at)
                VALUES ($id, $title, $source, $hash, 'text/plain', 1, $n, $vis, 0, '2025-01-02T03:04:05.0000000+00:00')
                """, ("$id", id), ("$title", title), ("$source", $"/inbox/{id}.txt"), ("$hash", "hash-" + id), ("$n", passages.Length), ("$vis", visibility));
            Execute(connection, "INSERT INTO pages(document_id, number, text) VALUES ($id, 1, $text)", ("$id", id), ("$text", string.Concat(passages)));
            var offset = 0;
            for (var i = 0; i < passages.Length; i++)
            {
                var text = passages[i];
                using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO passages(id, document_id, ordinal, page, page_end, start_offset, end_offset, heading_path, text, norm_text)
                    VALUES ($pid, $doc, $ord, 1, 1, $start, $end, '', $text, $norm) RETURNING pid
                    """;
                insert.Parameters.AddWithValue("$pid", $"{id}:{i}");
                insert.Parameters.AddWithValue("$doc", id);
                insert.Parameters.AddWithValue("$ord", i);
                insert.Parameters.AddWithValue("$start", offset);
                insert.Parameters.AddWithValue("$end", offset + text.Length);
                insert.Parameters.AddWithValue("$text", text);
                insert.Parameters.AddWithValue("$norm", analyzer.Normalize(text));
                var rowid = (long)insert.ExecuteScalar()!;
                offset += text.Length;
                Execute(connection, "INSERT INTO passage_words(rowid, title, headings, body) VALUES ($r, $t, '', $b)",
                    ("$r", rowid), ("$t", KnowledgeBase.Text.TextAnalyzer.Join(analyzer.Words(title))), ("$b", KnowledgeBase.Text.TextAnalyzer.Join(analyzer.Words(text))));
                Execute(connection, "INSERT INTO passage_bigrams(rowid, title, body) VALUES ($r, $t, $b)",
                    ("$r", rowid), ("$t", KnowledgeBase.Text.TextAnalyzer.Join(analyzer.Bigrams(title))), ("$b", KnowledgeBase.Text.TextAnalyzer.Join(analyzer.Bigrams(text))));
            }
            Execute(connection, "INSERT INTO sources(source, document_id, content_hash, updated_at) VALUES ($s, $id, $h, '2025-01-02')",
                ("$s", $"/inbox/{id}.txt"), ("$id", id), ("$h", "hash-" + id));
        }
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }
}
