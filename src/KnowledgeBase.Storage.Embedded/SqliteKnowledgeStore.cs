using System.Globalization;
using System.Text;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Text;
using KnowledgeBase.Storage.Embedded.Vectors;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>
/// The embedded default store. Documents, pages and passages live in SQLite tables; two FTS5 indexes rank
/// passages with BM25: one over analysed words (title, headings and body as separately weighted columns),
/// one over Han character bigrams; passage vectors, when an embedder is configured, live in the same database
/// (<see cref="PassageVectorIndex"/>). A document and everything derived from it are written in one transaction.
/// </summary>
public sealed class SqliteKnowledgeStore(SqliteDatabase database, TextAnalyzer analyzer, PassageVectorIndex vectors) : IKnowledgeStore
{
    /// <summary>BM25 column weights of the word index: title, headings, body.</summary>
    private const string WordsRank = "bm25(passage_words, 3.0, 2.0, 1.0)";
    /// <summary>BM25 column weights of the bigram index: title, body.</summary>
    private const string BigramsRank = "bm25(passage_bigrams, 2.0, 1.0)";

    public SqliteDatabase Database => database;

    public Task UpsertAsync(DocumentSubmission submission, CancellationToken cancellationToken = default)
    {
        var document = submission.Document;
        // Analysis is the slow part; do it before taking the write lock.
        var titleWords = TextAnalyzer.Join(analyzer.Words(document.Title));
        var titleBigrams = TextAnalyzer.Join(analyzer.Bigrams(document.Title));
        var rows = submission.Passages.Select(p => (
            Passage: p,
            Normalized: analyzer.Normalize(p.Text),
            Headings: TextAnalyzer.Join(analyzer.Words(p.HeadingPath)),
            Words: TextAnalyzer.Join(analyzer.Words(p.Text)),
            Bigrams: TextAnalyzer.Join(analyzer.Bigrams(p.Text)))).ToList();
        cancellationToken.ThrowIfCancellationRequested();

        if (submission.Vectors is { } given && given.Count != submission.Passages.Count)
            throw new ArgumentException($"{given.Count} vectors for {submission.Passages.Count} passages", nameof(submission));

        using var connection = database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        DeleteDocumentRows(connection, tx, document.Id);

        var m = document.Metadata;
        Run(connection, tx, """
            INSERT INTO documents(id, title, source, content_hash, media_type, page_count, passage_count, author, organisation, year,
                                  doc_type, language, visibility, owner_org, pending, ingested_at)
            VALUES ($id, $title, $source, $hash, $media, $pages, $passages, $author, $org, $year, $type, $lang, $vis, $owner, $pending, $at)
            """,
            ("$id", document.Id), ("$title", document.Title), ("$source", document.Source), ("$hash", document.ContentHash),
            ("$media", document.MediaType), ("$pages", document.PageCount), ("$passages", submission.Passages.Count),
            ("$author", m.Author), ("$org", m.Organisation), ("$year", m.Year), ("$type", m.DocumentType), ("$lang", m.Language),
            ("$vis", (int)m.Visibility), ("$owner", m.OwnerOrganisation), ("$pending", m.PendingReview ? 1 : 0),
            ("$at", document.IngestedAt.ToString("O", CultureInfo.InvariantCulture)));
        foreach (var org in m.SharedWith.Distinct())
            Run(connection, tx, "INSERT INTO document_shares(document_id, organisation) VALUES ($id, $org)", ("$id", document.Id), ("$org", org));
        foreach (var tag in m.Tags.Distinct())
            Run(connection, tx, "INSERT INTO document_tags(document_id, tag) VALUES ($id, $tag)", ("$id", document.Id), ("$tag", tag));

        using (var page = Prepare(connection, tx, "INSERT INTO pages(document_id, number, text) VALUES ($doc, $n, $text)", "$doc", "$n", "$text"))
        {
            foreach (var p in submission.Pages) Exec(page, document.Id, p.Number, p.Text);
        }

        using var passage = Prepare(connection, tx, """
            INSERT INTO passages(id, document_id, ordinal, page, page_end, start_offset, end_offset, heading_path, text, norm_text)
            VALUES ($id, $doc, $ord, $page, $page_end, $start, $end, $head, $text, $norm) RETURNING pid
            """, "$id", "$doc", "$ord", "$page", "$page_end", "$start", "$end", "$head", "$text", "$norm");
        using var words = Prepare(connection, tx, "INSERT INTO passage_words(rowid, title, headings, body) VALUES ($pid, $title, $head, $body)", "$pid", "$title", "$head", "$body");
        using var bigrams = Prepare(connection, tx, "INSERT INTO passage_bigrams(rowid, title, body) VALUES ($pid, $title, $body)", "$pid", "$title", "$body");
        var pids = new List<long>(rows.Count);
        foreach (var row in rows)
        {
            var p = row.Passage;
            SetAll(passage, p.Id, document.Id, p.Ordinal, p.Page, p.PageEnd, p.StartOffset, p.EndOffset, p.HeadingPath, p.Text, row.Normalized);
            var pid = (long)passage.ExecuteScalar()!;
            pids.Add(pid);
            Exec(words, pid, titleWords, row.Headings, row.Words);
            Exec(bigrams, pid, titleBigrams, row.Bigrams);
        }
        // Passages without vectors stay pending; the backfill (kb reindex --embeddings, the worker) embeds them later.
        if (submission.Vectors is { } embedded) vectors.Write(connection, tx, pids.Zip(embedded));

        Run(connection, tx, """
            INSERT INTO sources(source, document_id, content_hash, updated_at) VALUES ($source, $id, $hash, $at)
            ON CONFLICT(source) DO UPDATE SET document_id = excluded.document_id, content_hash = excluded.content_hash, updated_at = excluded.updated_at
            """, ("$source", document.Source), ("$id", document.Id), ("$hash", document.ContentHash), ("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        Run(connection, tx, "DELETE FROM failures WHERE source = $source", ("$source", document.Source));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string documentId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        var existed = DeleteDocumentRows(connection, tx, documentId);
        Run(connection, tx, "DELETE FROM sources WHERE document_id = $id", ("$id", documentId));
        tx.Commit();
        return Task.FromResult(existed);
    }

    /// <summary>Deletes a document's rows and its index entries; the FTS rows go first, while their rowids can still be found.</summary>
    private bool DeleteDocumentRows(SqliteConnection connection, SqliteTransaction tx, string documentId)
    {
        vectors.DeleteForDocument(connection, tx, documentId);
        Run(connection, tx, "DELETE FROM passage_words WHERE rowid IN (SELECT pid FROM passages WHERE document_id = $id)", ("$id", documentId));
        Run(connection, tx, "DELETE FROM passage_bigrams WHERE rowid IN (SELECT pid FROM passages WHERE document_id = $id)", ("$id", documentId));
        Run(connection, tx, "DELETE FROM passages WHERE document_id = $id", ("$id", documentId));
        Run(connection, tx, "DELETE FROM pages WHERE document_id = $id", ("$id", documentId));
        return Run(connection, tx, "DELETE FROM documents WHERE id = $id", ("$id", documentId)) > 0;
    }

    public Task<DocumentRecord?> GetDocumentAsync(string documentId, AccessScope scope, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        var where = SqlFilter.Build(new SearchFilter(scope) { DocumentId = documentId }, command);
        command.CommandText = $"SELECT {DocumentRows.DocumentColumns} FROM documents d WHERE {where}";
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? DocumentRows.ReadDocument(reader) : null);
    }

    public Task<DocumentRecord?> FindByContentHashAsync(string contentHash, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DocumentRows.DocumentColumns} FROM documents d WHERE d.content_hash = $hash ORDER BY d.id LIMIT 1";
        command.Parameters.AddWithValue("$hash", contentHash);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? DocumentRows.ReadDocument(reader) : null);
    }

    public Task<IReadOnlyList<Passage>> GetPassagesAsync(string documentId, AccessScope scope, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        var where = SqlFilter.Build(new SearchFilter(scope) { DocumentId = documentId }, command);
        command.CommandText = $"SELECT {DocumentRows.PassageColumns} FROM passages p JOIN documents d ON d.id = p.document_id WHERE {where} ORDER BY p.ordinal";
        var passages = new List<Passage>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) passages.Add(DocumentRows.ReadPassage(reader));
        return Task.FromResult<IReadOnlyList<Passage>>(passages);
    }

    /// <summary>The text of a page, for citation checks and document views.</summary>
    public string? GetPageText(string documentId, int page)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT text FROM pages WHERE document_id = $id AND number = $n";
        command.Parameters.AddWithValue("$id", documentId);
        command.Parameters.AddWithValue("$n", page);
        return command.ExecuteScalar() as string;
    }

    public Task<IReadOnlyList<PassageCandidate>> RetrieveAsync(RetrievalQuery query, SearchFilter filter, int limitPerSignal, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        var ranks = new Dictionary<long, Dictionary<Signal, int>>();
        RankSignal(connection, Signal.Words, "passage_words", WordsRank, query.Words, query, filter, limitPerSignal, ranks);
        RankSignal(connection, Signal.Expansions, "passage_words", WordsRank, query.Expansions, query, filter, limitPerSignal, ranks);
        RankSignal(connection, Signal.Bigrams, "passage_bigrams", BigramsRank, query.Bigrams, query, filter, limitPerSignal, ranks);
        DenseSignal.Rank(connection, vectors, query, filter, limitPerSignal, ranks);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(LoadCandidates(connection, ranks));
    }

    /// <summary>
    /// One signal's ranking. FTS5 ranks first and only its best <c>limit × 4</c> rows are joined and filtered, which
    /// keeps common-term queries from joining and filtering a large share of all passages; the filter is still part of
    /// the same statement. When the filter or the phrase constraints leave fewer than <paramref name="limit"/> of those
    /// rows, the statement runs again over every match, so a narrow scope never loses results.
    /// </summary>
    private static void RankSignal(SqliteConnection connection, Signal signal, string table, string rank, IReadOnlyList<string> terms,
        RetrievalQuery query, SearchFilter filter, int limit, Dictionary<long, Dictionary<Signal, int>> ranks)
    {
        if (terms.Count == 0) return;
        var pids = RankedPids(connection, table, rank, terms, query, filter, limit, depth: limit * 4);
        if (pids.Count < limit) pids = RankedPids(connection, table, rank, terms, query, filter, limit, depth: null);
        var position = 0;
        foreach (var pid in pids)
        {
            if (!ranks.TryGetValue(pid, out var bySignal)) ranks[pid] = bySignal = [];
            bySignal[signal] = ++position;
        }
    }

    private static List<long> RankedPids(SqliteConnection connection, string table, string rank, IReadOnlyList<string> terms,
        RetrievalQuery query, SearchFilter filter, int limit, int? depth)
    {
        using var command = connection.CreateCommand();
        var where = SqlFilter.BuildForPassages(filter, query, command);
        command.CommandText = $"""
            WITH ranked AS (
                SELECT rowid AS pid, {rank} AS score FROM {table}
                WHERE {table} MATCH $match
                ORDER BY score {(depth is null ? "" : "LIMIT $depth")})
            SELECT r.pid FROM ranked r
            JOIN passages p ON p.pid = r.pid
            JOIN documents d ON d.id = p.document_id
            WHERE {where}
            ORDER BY r.score
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$match", MatchExpression(terms));
        command.Parameters.AddWithValue("$limit", limit);
        if (depth is { } d) command.Parameters.AddWithValue("$depth", d);
        var pids = new List<long>(limit);
        using var reader = command.ExecuteReader();
        while (reader.Read()) pids.Add(reader.GetInt64(0));
        return pids;
    }

    /// <summary>An FTS5 OR query; every term is quoted so no term is read as an operator.</summary>
    private static string MatchExpression(IEnumerable<string> terms) =>
        string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    private static IReadOnlyList<PassageCandidate> LoadCandidates(SqliteConnection connection, Dictionary<long, Dictionary<Signal, int>> ranks)
    {
        var candidates = new List<PassageCandidate>(ranks.Count);
        if (ranks.Count == 0) return candidates;
        var documents = new Dictionary<string, DocumentRecord>();
        using var command = connection.CreateCommand();
        // The pids came from a query that already applied the filter; this only loads their rows.
        command.CommandText = $"""
            SELECT p.pid, {DocumentRows.PassageColumns}, {DocumentRows.DocumentColumns}
            FROM passages p JOIN documents d ON d.id = p.document_id
            WHERE p.pid IN (SELECT value FROM json_each($pids))
            """;
        command.Parameters.AddWithValue("$pids", "[" + string.Join(',', ranks.Keys) + "]");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var pid = reader.GetInt64(0);
            var passage = DocumentRows.ReadPassage(reader, 1);
            if (!documents.TryGetValue(passage.DocumentId, out var document))
                documents[passage.DocumentId] = document = DocumentRows.ReadDocument(reader, 10);
            candidates.Add(new PassageCandidate(passage, document, ranks[pid]));
        }
        return candidates;
    }

    public Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM passages)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(new StoreStatistics(reader.GetInt32(0), reader.GetInt32(1)));
    }

    internal static int Run(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, null));
        command.Prepare();
        return command;
    }

    private static void SetAll(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    private static void Exec(SqliteCommand command, params object?[] values)
    {
        SetAll(command, values);
        command.ExecuteNonQuery();
    }
}
