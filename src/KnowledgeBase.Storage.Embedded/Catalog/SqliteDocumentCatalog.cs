using System.Globalization;
using System.Text;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage.Embedded.Lexical;
using KnowledgeBase.Storage.Embedded.Schema;
using KnowledgeBase.Storage.Embedded.Time;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Catalog;

/// <summary>
/// Document listings and facet counts over the embedded store. Every statement embeds <see cref="SqlFilter.Build"/>
/// (the same predicate search uses), so a count or facet can only include documents the caller may see.
/// </summary>
public sealed class SqliteDocumentCatalog(SqliteDatabase database) : IDocumentCatalog
{
    /// <summary>At most this many values are returned per facet, the most frequent first.</summary>
    public const int MaxFacetValues = DocumentFacets.MaxValues;

    public Task<DocumentList> ListAsync(DocumentListRequest request, CancellationToken cancellationToken = default)
    {
        var offset = Math.Max(0, request.Offset);
        var limit = Math.Clamp(request.Limit, 1, DocumentListRequest.MaxLimit);
        using var connection = database.Open();
        int total;
        using (var count = connection.CreateCommand())
        {
            count.CommandText = $"SELECT count(*) FROM documents d WHERE {ListWhere(request, count)}";
            total = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        using var command = connection.Command(null, "", ("$limit", limit), ("$offset", offset));
        var direction = request.Ascending ? "ASC" : "DESC";
        var order = request.Sort switch
        {
            // NULL years last in either direction.
            DocumentSort.Year => $"d.year IS NULL, d.year {direction}, d.ingested_at DESC",
            DocumentSort.Title => $"d.title COLLATE NOCASE {direction}",
            _ => $"d.ingested_at {direction}",
        };
        command.CommandText = $"""
            SELECT {DocumentRows.DocumentColumns} FROM documents d WHERE {ListWhere(request, command)}
            ORDER BY {order}, d.id LIMIT $limit OFFSET $offset
            """;
        return Task.FromResult(new DocumentList(total, offset, limit, command.ReadAll(r => DocumentRows.ReadDocument(r))));
    }

    /// <summary>The access and metadata filter, plus the listing's own title and review conditions.</summary>
    private static string ListWhere(DocumentListRequest request, SqliteCommand command)
    {
        var where = new StringBuilder(SqlFilter.Build(request.Filter, command));
        if (request.TitleContains is { Length: > 0 } title)
        {
            where.Append(@" AND d.title LIKE $title ESCAPE '\'");
            command.Parameters.AddWithValue("$title", "%" + title.Replace(@"\", @"\\", StringComparison.Ordinal)
                .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%");
        }
        if (request.PendingReview is { } pending)
        {
            where.Append(" AND d.pending = $list_pending");
            command.Parameters.AddWithValue("$list_pending", pending ? 1 : 0);
        }
        return where.ToString();
    }

    /// <summary>
    /// Reads the visible documents once (with their pid ranges) and, for a query, the matching pids once from the
    /// postings; a document matches when one of its current pids does (a replaced or deleted document's old pids lie
    /// outside every current range, so dead postings never count). The counting is done here rather than by joining
    /// the matched pids with <c>passages</c> in SQL once per facet: that walked every matching passage row six times,
    /// a second per search at 100k passages.
    /// </summary>
    public Task<DocumentFacets> FacetsAsync(SearchFilter filter, RetrievalQuery? query, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        var hasQuery = query is not null && (query.Words.Count + query.Expansions.Count + query.Bigrams.Count) > 0;
        if (query is not null && !hasQuery) return Task.FromResult(new DocumentFacets(0, 0, [], [], [], [], []));
        // One snapshot for documents, tags and postings (a plain BEGIN: the postings reader's commands carry no transaction).
        SqliteDatabase.Execute(connection, "BEGIN");
        try
        {
            return Task.FromResult(Facets(connection, filter, query, cancellationToken));
        }
        finally
        {
            SqliteDatabase.Execute(connection, "COMMIT");
        }
    }

    private static DocumentFacets Facets(SqliteConnection connection, SearchFilter filter, RetrievalQuery? query, CancellationToken cancellationToken)
    {
        var visible = VisibleDocuments(connection, filter);
        var matched = query is null ? null : MatchedPids(connection, query);
        if (filter.PassageYears.Count > 0)
        {
            var speaking = PassageYearPostings.Pids(connection, filter.PassageYears);
            matched = matched is null ? speaking : SortedIntersection.Of([matched, speaking]).ToArray();
        }
        cancellationToken.ThrowIfCancellationRequested();

        var counted = new List<(FacetDocument Document, int Passages)>();
        foreach (var document in visible)
        {
            var passages = matched is null ? document.PassageCount : CountInRange(matched, document.PidStart, document.PidEnd);
            if (passages > 0) counted.Add((document, passages));
        }
        var ids = counted.Select(c => c.Document.Id).ToHashSet(StringComparer.Ordinal);
        var tags = DocumentTags(connection, filter).Where(t => ids.Contains(t.DocumentId)).Select(t => t.Tag);
        return new DocumentFacets(
            counted.Count,
            counted.Sum(c => c.Passages),
            Top(counted.Select(c => c.Document.Organisation)),
            Top(counted.Select(c => c.Document.Type)),
            Top(tags),
            Top(counted.Select(c => c.Document.Language)),
            Top(counted.Select(c => c.Document.Year?.ToString(CultureInfo.InvariantCulture))))
        {
            PassageYears = PassageYearCounts(connection, counted.Select(c => c.Document), matched, cancellationToken),
        };
    }

    /// <summary>
    /// Per year, how many counted passages speak about it: the passages of the counted documents' current pid ranges
    /// (all of them, or those in <paramref name="matched"/>) that the year's <c>#y</c> postings list.
    /// </summary>
    private static List<FacetValue> PassageYearCounts(SqliteConnection connection, IEnumerable<FacetDocument> documents, int[]? matched,
        CancellationToken cancellationToken)
    {
        var ranges = documents.Where(d => d.PidEnd > d.PidStart).Select(d => (d.PidStart, d.PidEnd)).OrderBy(r => r.PidStart).ToList();
        if (ranges.Count == 0) return [];
        var limit = ranges.Max(r => r.PidEnd);
        var counted = new ulong[(limit + 63) >> 6];
        foreach (var (start, end) in ranges)
        {
            if (matched is null)
                for (var pid = start; pid < end; pid++) counted[pid >> 6] |= 1UL << (int)pid;
            else
                for (var i = LowerBound(matched, start); i < matched.Length && matched[i] < end; i++) counted[matched[i] >> 6] |= 1UL << matched[i];
        }
        var values = new List<FacetValue>();
        foreach (var (year, pids) in PassageYearPostings.All(connection))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = pids.Count(pid => (uint)(pid >> 6) < (uint)counted.Length && (counted[pid >> 6] & (1UL << pid)) != 0);
            if (count > 0) values.Add(new FacetValue(year.ToString(CultureInfo.InvariantCulture), count));
        }
        return values.OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal).Take(MaxFacetValues).ToList();
    }

    private sealed record FacetDocument(string Id, string? Organisation, string? Type, string? Language, int? Year, int PassageCount, long PidStart, long PidEnd);

    private static List<FacetDocument> VisibleDocuments(SqliteConnection connection, SearchFilter filter)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT d.id, d.organisation, d.doc_type, d.language, d.year, d.passage_count, coalesce(d.pid_start, 0), coalesce(d.pid_end, 0)
            FROM documents d WHERE {SqlFilter.Build(filter, command)}
            """;
        return command.ReadAll(r => new FacetDocument(r.GetString(0), r.TextOrNull(1), r.TextOrNull(2), r.TextOrNull(3),
            r.IsDBNull(4) ? null : r.GetInt32(4), r.GetInt32(5), r.GetInt64(6), r.GetInt64(7)));
    }

    private static List<(string DocumentId, string Tag)> DocumentTags(SqliteConnection connection, SearchFilter filter)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT t.document_id, t.tag FROM document_tags t JOIN documents d ON d.id = t.document_id WHERE {SqlFilter.Build(filter, command)}";
        return command.ReadAll(r => (r.GetString(0), r.GetString(1)));
    }

    /// <summary>
    /// The pids any lexical signal of the query matches, ascending, narrowed by the query's required phrases and
    /// exclusions (checked on the passage text, as search does).
    /// </summary>
    private static int[] MatchedPids(SqliteConnection connection, RetrievalQuery query)
    {
        var pids = PostingsReader.MatchingPids(connection,
            query.Words.Concat(query.Expansions).Select(t => (LexicalField.Words, t)).Concat(query.Bigrams.Select(t => (LexicalField.Bigrams, t))));
        if (query.RequiredPhrases.Count == 0 && query.Excluded.Count == 0) return pids;
        using var command = connection.Command(null, "", ("$pids", "[" + string.Join(',', pids) + "]"));
        command.CommandText = "SELECT p.pid FROM passages p WHERE p.pid IN (SELECT value FROM json_each($pids))" +
                              SqlFilter.TextConstraints(query, command, "p.norm_text");
        var kept = command.ReadAll(r => r.GetInt32(0));
        kept.Sort();
        return [.. kept];
    }

    /// <summary>How many of the ascending <paramref name="pids"/> lie in [start, end).</summary>
    private static int CountInRange(int[] pids, long start, long end) =>
        end <= start ? 0 : LowerBound(pids, end) - LowerBound(pids, start);

    private static int LowerBound(int[] sorted, long value)
    {
        if (value > int.MaxValue) return sorted.Length;
        var index = Array.BinarySearch(sorted, (int)value);
        return index >= 0 ? index : ~index;
    }

    /// <summary>Values by how many matched documents carry them, most first, then by value; empty values left out.</summary>
    private static List<FacetValue> Top(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrEmpty(v)).GroupBy(v => v!, StringComparer.Ordinal)
            .Select(g => new FacetValue(g.Key, g.Count()))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal)
            .Take(MaxFacetValues).ToList();

    public Task<Passage?> GetPassageAsync(string passageId, SearchFilter filter, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.Command(null, "", ("$passage_id", passageId));
        command.CommandText = $"""
            SELECT {DocumentRows.PassageColumns} FROM passages p JOIN documents d ON d.id = p.document_id
            WHERE p.id = $passage_id AND {SqlFilter.Build(filter, command)}
            """;
        return Task.FromResult(command.ReadAll(r => DocumentRows.ReadPassage(r)).FirstOrDefault());
    }
}
