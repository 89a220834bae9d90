using System.Globalization;
using System.Text.Json;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Time;
using KnowledgeBase.Storage.Embedded.Vectors;
using KnowledgeBase.Storage.Embedded.Lexical;
using KnowledgeBase.Storage.Embedded.Time;
using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>
/// The embedded default store. Documents, pages and passages live in SQLite tables; the lexical index (BM25 postings
/// over analysed words and over Han character bigrams, <see cref="LexicalSearcher"/>) and, when an embedder is
/// configured, passage vectors (<see cref="PassageVectorIndex"/>) live in the same database. Each passage's time — the
/// expressions its text resolves to against the document's date (<see cref="PassageTimeAnnotator"/>) — is listed in the
/// word index under reserved terms (<see cref="TimeTerms"/>) for the time signals and kept in <c>passage_times</c> for
/// display. A document and everything derived from it are written in one transaction.
/// </summary>
public sealed class SqliteKnowledgeStore : IKnowledgeStore, ITermStatistics
{
    private readonly SqliteDatabase database;
    private readonly PassageVectorIndex vectors;
    private readonly LexicalDocumentAnalyzer _lexicalAnalyzer;
    private readonly LexicalSearcher _lexical;
    private readonly PassageTimeAnnotator _times;
    private readonly AnalysisStamp _stamp;
    private readonly LexicalReindexer _reindexer;
    private readonly TimeIndex _timeIndex;

    /// <summary>
    /// Opens the store; a schema-1 store (FTS5) is re-indexed here, once, before the first search, and a store whose
    /// passages were dated by an older time resolver (or not at all) has its time terms rebuilt (<see cref="TimeIndex"/>).
    /// A store whose index another analysis chain built opens, but refuses searches (<see cref="StaleIndexException"/>)
    /// until <see cref="RebuildLexicalIndex"/> (<c>kb reindex</c>) has run.
    /// </summary>
    public SqliteKnowledgeStore(SqliteDatabase database, TextAnalyzer analyzer, PassageVectorIndex vectors,
        IOptions<LexicalOptions>? lexicalOptions = null, ILogger<SqliteKnowledgeStore>? logger = null, PassageTimeAnnotator? times = null)
    {
        this.database = database;
        this.vectors = vectors;
        _times = times ?? new PassageTimeAnnotator(new TimeResolver(analyzer.Normalizer));
        _lexicalAnalyzer = new LexicalDocumentAnalyzer(analyzer);
        _lexical = new LexicalSearcher(_lexicalAnalyzer, lexicalOptions);
        var log = (ILogger?)logger ?? NullLogger.Instance;
        _stamp = new AnalysisStamp(database, analyzer.Fingerprint);
        _reindexer = new LexicalReindexer(database, _lexicalAnalyzer, _stamp, log);
        _timeIndex = new TimeIndex(database, _times, log);
        _reindexer.EnsureBuilt();
        _stamp.RecordIfAbsent();
        _timeIndex.EnsureBuilt();
    }

    public Task EnsureIndexCurrentAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        _stamp.ThrowIfStale(connection);
        return Task.CompletedTask;
    }

    /// <summary>True when another analysis chain built the lexical index: searches are refused until it is rebuilt.</summary>
    public bool IsLexicalIndexStale()
    {
        using var connection = database.Open();
        return _stamp.IsStale(connection);
    }

    /// <summary>
    /// Rebuilds the lexical index (words, bigrams, normalised text, then the time terms) from the stored passages with
    /// this process's analysis chain, without re-parsing, and records the chain's fingerprint: what <c>kb reindex</c>
    /// runs after dictionaries changed. One write transaction; searches in other processes read the old index until it
    /// commits and the new one after. Returns the number of passages indexed.
    /// </summary>
    public long RebuildLexicalIndex(IProgress<ReindexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var count = _reindexer.Rebuild(progress, cancellationToken);
        _timeIndex.EnsureBuilt();
        return count;
    }

    public SqliteDatabase Database => database;

    public Task UpsertAsync(DocumentSubmission submission, CancellationToken cancellationToken = default) =>
        UpsertManyAsync([submission], cancellationToken);

    /// <summary>
    /// Writes the documents in one transaction: all or none survive a crash, and the lexical index appends each term's
    /// postings once for the whole batch (measured in docs/performance.md: bulk builds write several times faster).
    /// </summary>
    public Task UpsertManyAsync(IReadOnlyList<DocumentSubmission> submissions, CancellationToken cancellationToken = default)
    {
        foreach (var submission in submissions)
            if (submission.Vectors is { } given && given.Count != submission.Passages.Count)
                throw new ArgumentException($"{given.Count} vectors for {submission.Passages.Count} passages", nameof(submissions));
        // Analysis is the slow part; do it before taking the write lock.
        var analyzed = submissions.Select(Analyze).ToList();
        cancellationToken.ThrowIfCancellationRequested();

        database.WriteTransaction((connection, tx) =>
        {
            using var lexical = new LexicalWriter(connection, tx);
            using var rows = new DocumentWriter(connection, tx);
            using var times = new PassageTimeWriter(connection, tx);
            for (var i = 0; i < submissions.Count; i++)
            {
                DeleteDocumentRows(connection, tx, lexical, submissions[i].Document.Id);
                var firstPid = lexical.Add(analyzed[i].Passages);
                rows.Write(submissions[i], firstPid, analyzed[i].NormalizedTexts);
                times.Write(firstPid, analyzed[i].Times);
                // Passages without vectors stay pending; the backfill (kb reindex --embeddings, the worker) embeds them later.
                if (submissions[i].Vectors is { } embedded)
                    vectors.Write(connection, tx, Enumerable.Range(0, embedded.Count).Select(p => (firstPid + p, embedded[p])));
            }
            Finish(connection, tx, lexical);
            return submissions.Count;
        });
        return Task.CompletedTask;
    }

    private (List<AnalyzedPassage> Passages, List<string> NormalizedTexts, IReadOnlyList<PassageTime> Times) Analyze(DocumentSubmission submission)
    {
        var title = _lexicalAnalyzer.AnalyzeTitle(submission.Document.Title);
        var times = _times.Annotate(submission);
        return (submission.Passages.Select((p, i) => _lexicalAnalyzer.Analyze(title, p.HeadingPath, p.Text, TimeTerms.Of(times[i]))).ToList(),
            submission.Passages.Select(p => _lexicalAnalyzer.Normalize(p.Text)).ToList(), times);
    }

    public Task<bool> DeleteAsync(string documentId, CancellationToken cancellationToken = default)
    {
        return Task.FromResult(database.WriteTransaction((connection, tx) =>
        {
            using var lexical = new LexicalWriter(connection, tx);
            var existed = DeleteDocumentRows(connection, tx, lexical, documentId);
            connection.Execute(tx, "DELETE FROM sources WHERE document_id = $id", ("$id", documentId));
            Finish(connection, tx, lexical);
            return existed;
        }));
    }

    /// <summary>
    /// Purges the postings of dead passages from the whole lexical index, now (it also runs by itself when enough
    /// passages have died). Returns the number of postings removed. <paramref name="repackAll"/> also re-packs every
    /// postings list into full blocks (after a change of the block size).
    /// </summary>
    public long CompactLexicalIndex(bool repackAll = false)
    {
        return database.WriteTransaction((connection, tx) => LexicalCompactor.Run(connection, tx, repackAll));
    }

    /// <summary>
    /// Readies the store for reading after a large ingest: purges dead postings (<see cref="CompactLexicalIndex"/>), then
    /// rewrites the file so that every postings list and table lies in key order (<see cref="SqliteDatabase.Rewrite"/>).
    /// Results do not change. Returns the number of postings purged.
    /// </summary>
    public long Compact()
    {
        var purged = CompactLexicalIndex();
        database.Rewrite();
        return purged;
    }

    /// <summary>
    /// Reads every postings block once, so the operating system's file cache holds the lexical index before the first
    /// searches need it. With a cold cache (after a restart, or when other work evicted the file) a search at 1M passages
    /// reads its postings pages one random read at a time: p95 273 ms cold against 46 ms warm, 56 ms after this preload
    /// (docs/performance.md). Returns the bytes read; safe to run beside searches and writes (one read snapshot).
    /// </summary>
    public long PreloadLexicalIndex(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        long bytes = 0, rows = 0;
        connection.ForEach(null, "SELECT length(data) FROM lex_postings", r =>
        {
            bytes += r.GetInt64(0);
            if (++rows % 4096 == 0) cancellationToken.ThrowIfCancellationRequested();
        });
        return bytes;
    }

    /// <summary>Completes a lexical write (statistics, lengths, generation) and compacts when enough passages died.</summary>
    private static void Finish(SqliteConnection connection, SqliteTransaction tx, LexicalWriter lexical)
    {
        lexical.Commit();
        if (lexical.NeedsCompaction) LexicalCompactor.Run(connection, tx);
    }

    /// <summary>Deletes a document's rows and marks its passages dead in the lexical index (by the pid range it recorded).</summary>
    private bool DeleteDocumentRows(SqliteConnection connection, SqliteTransaction tx, LexicalWriter lexical, string documentId)
    {
        vectors.DeleteForDocument(connection, tx, documentId);
        foreach (var (start, end) in connection.Query(tx, "SELECT pid_start, pid_end FROM documents WHERE id = $id AND pid_start IS NOT NULL",
                     r => (r.GetInt64(0), r.GetInt64(1)), ("$id", documentId)))
        {
            lexical.Remove(start, end);
            PassageTimeRows.Delete(connection, tx, start, end);
        }
        connection.Execute(tx, "DELETE FROM passages WHERE document_id = $id", ("$id", documentId));
        connection.Execute(tx, "DELETE FROM pages WHERE document_id = $id", ("$id", documentId));
        return connection.Execute(tx, "DELETE FROM documents WHERE id = $id", ("$id", documentId)) > 0;
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

    public Task<DocumentRecord?> FindByContentHashAsync(string contentHash, AccessScope scope, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        var where = SqlFilter.Build(new SearchFilter(scope), command);
        command.CommandText = $"SELECT {DocumentRows.DocumentColumns} FROM documents d WHERE d.content_hash = $hash AND {where} ORDER BY d.id LIMIT 1";
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

    public Task<IReadOnlyList<DocumentPage>> GetPagesAsync(string documentId, AccessScope scope, int? page = null, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        var where = SqlFilter.Build(new SearchFilter(scope) { DocumentId = documentId }, command);
        if (page is { } number)
        {
            where += " AND g.number = $page";
            command.Parameters.AddWithValue("$page", number);
        }
        command.CommandText = $"SELECT g.number, g.text FROM pages g JOIN documents d ON d.id = g.document_id WHERE {where} ORDER BY g.number";
        var pages = new List<DocumentPage>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) pages.Add(new DocumentPage(reader.GetInt32(0), reader.GetString(1)));
        return Task.FromResult<IReadOnlyList<DocumentPage>>(pages);
    }

    /// <summary>The text of a page, for citation checks (no access check).</summary>
    public string? GetPageText(string documentId, int page)
    {
        using var connection = database.Open();
        return connection.Scalar(null, "SELECT text FROM pages WHERE document_id = $id AND number = $n", ("$id", documentId), ("$n", page)) as string;
    }

    public Task<IReadOnlyList<PassageCandidate>> RetrieveAsync(RetrievalQuery query, SearchFilter filter, int limitPerSignal, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        _stamp.ThrowIfStale(connection);
        var ranks = new Dictionary<long, Dictionary<Signal, int>>();
        _lexical.Rank(connection, query, filter, limitPerSignal, ranks, cancellationToken);
        DenseSignal.Rank(connection, vectors, query, filter, limitPerSignal, ranks);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(LoadCandidates(connection, ranks));
    }

    private static IReadOnlyList<PassageCandidate> LoadCandidates(SqliteConnection connection, Dictionary<long, Dictionary<Signal, int>> ranks)
    {
        var candidates = new List<PassageCandidate>(ranks.Count);
        if (ranks.Count == 0) return candidates;
        // The pids came from rankings that already applied the filter; this only loads their rows. Passages first, then
        // each document once (its tag and share lists are subqueries, too dear to repeat for every passage).
        var passages = connection.Query(null, $"""
                SELECT p.pid, t.mentions, {DocumentRows.PassageColumns} FROM passages p LEFT JOIN passage_times t ON t.pid = p.pid
                WHERE p.pid IN (SELECT value FROM json_each($pids))
                """,
            r =>
            {
                var passage = DocumentRows.ReadPassage(r, 2);
                return (Pid: r.GetInt64(0), Passage: passage, Times: r.IsDBNull(1) ? [] : PassageTimeRows.Deserialize(r.GetString(1), passage.Text));
            },
            ("$pids", "[" + string.Join(',', ranks.Keys) + "]"));
        var documents = connection.Query(null, $"SELECT {DocumentRows.DocumentColumns} FROM documents d WHERE d.id IN (SELECT value FROM json_each($ids))",
                r => DocumentRows.ReadDocument(r), ("$ids", JsonSerializer.Serialize(passages.Select(p => p.Passage.DocumentId).Distinct(StringComparer.Ordinal))))
            .ToDictionary(d => d.Id, StringComparer.Ordinal);
        foreach (var (pid, passage, times) in passages)
            if (documents.TryGetValue(passage.DocumentId, out var document)) candidates.Add(new PassageCandidate(passage, document, ranks[pid]) { Times = times });
        return candidates;
    }

    /// <summary>Passage counts of word conjunctions from the lexical index, sharing its per-process caches.</summary>
    public IReadOnlyList<long> CountPassages(IReadOnlyList<IReadOnlyList<string>> conjunctions)
    {
        using var connection = database.Open();
        _stamp.ThrowIfStale(connection);
        return _lexical.CountPassages(connection, conjunctions);
    }

    public Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        return Task.FromResult(connection.QueryFirst(null, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM passages)",
            r => new StoreStatistics(r.GetInt32(0), r.GetInt32(1)))!);
    }
}
