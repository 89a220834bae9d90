using System.Globalization;
using System.Text;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage.Embedded.Lexical;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Catalog;

/// <summary>
/// Document listings and facet counts over the embedded store. Every statement embeds <see cref="SqlFilter.Build"/>
/// (the same predicate search uses), so a count or facet can only include documents the caller may see.
/// </summary>
public sealed class SqliteDocumentCatalog(SqliteDatabase database) : IDocumentCatalog
{
    /// <summary>At most this many values are returned per facet, the most frequent first.</summary>
    public const int MaxFacetValues = 50;

    public Task<DocumentList> ListAsync(SearchFilter filter, int offset, int limit, CancellationToken cancellationToken = default)
    {
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 1, 200);
        using var connection = database.Open();
        int total;
        using (var count = connection.CreateCommand())
        {
            count.CommandText = $"SELECT count(*) FROM documents d WHERE {SqlFilter.Build(filter, count)}";
            total = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {DocumentRows.DocumentColumns} FROM documents d WHERE {SqlFilter.Build(filter, command)}
            ORDER BY d.ingested_at DESC, d.id LIMIT $limit OFFSET $offset
            """;
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$offset", offset);
        var documents = new List<DocumentRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) documents.Add(DocumentRows.ReadDocument(reader));
        return Task.FromResult(new DocumentList(total, offset, limit, documents));
    }

    public Task<DocumentFacets> FacetsAsync(SearchFilter filter, RetrievalQuery? query, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        var hasQuery = query is not null && (query.Words.Count + query.Expansions.Count + query.Bigrams.Count) > 0;
        if (query is not null && !hasQuery) return Task.FromResult(new DocumentFacets(0, 0, [], [], [], [], []));

        int documents = 0, passages = 0;
        using (var counts = Command(connection, filter, query, matched => $"""
                   SELECT count(DISTINCT document_id), count(*) FROM ({matched})
                   """))
        using (var reader = counts.ExecuteReader())
        {
            if (reader.Read()) { documents = reader.GetInt32(0); passages = reader.GetInt32(1); }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new DocumentFacets(
            documents,
            passages,
            Facet(connection, filter, query, "d.organisation"),
            Facet(connection, filter, query, "d.doc_type"),
            Tags(connection, filter, query),
            Facet(connection, filter, query, "d.language"),
            Facet(connection, filter, query, "CAST(d.year AS TEXT)")));
    }

    public Task<Passage?> GetPassageAsync(string passageId, SearchFilter filter, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {DocumentRows.PassageColumns} FROM passages p JOIN documents d ON d.id = p.document_id
            WHERE p.id = $passage_id AND {SqlFilter.Build(filter, command)}
            """;
        command.Parameters.AddWithValue("$passage_id", passageId);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? DocumentRows.ReadPassage(reader) : null);
    }

    private static List<FacetValue> Facet(SqliteConnection connection, SearchFilter filter, RetrievalQuery? query, string column)
    {
        using var command = Command(connection, filter, query, matched => $"""
            SELECT {column} AS value, count(*) AS n FROM documents d
            WHERE d.id IN (SELECT document_id FROM ({matched})) AND {column} IS NOT NULL AND {column} <> ''
            GROUP BY value ORDER BY n DESC, value LIMIT {MaxFacetValues}
            """);
        return ReadFacet(command);
    }

    private static List<FacetValue> Tags(SqliteConnection connection, SearchFilter filter, RetrievalQuery? query)
    {
        using var command = Command(connection, filter, query, matched => $"""
            SELECT t.tag AS value, count(*) AS n FROM document_tags t
            WHERE t.document_id IN (SELECT document_id FROM ({matched}))
            GROUP BY value ORDER BY n DESC, value LIMIT {MaxFacetValues}
            """);
        return ReadFacet(command);
    }

    private static List<FacetValue> ReadFacet(SqliteCommand command)
    {
        var values = new List<FacetValue>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) values.Add(new FacetValue(reader.GetString(0), reader.GetInt32(1)));
        return values;
    }

    /// <summary>
    /// A command whose SQL wraps the set of matching passages (one row per passage with its document id): all
    /// passages of visible documents, or only those the query's lexical signals match, with the access filter inside.
    /// </summary>
    private static SqliteCommand Command(SqliteConnection connection, SearchFilter filter, RetrievalQuery? query, Func<string, string> sql)
    {
        var command = connection.CreateCommand();
        var where = new StringBuilder(SqlFilter.Build(filter, command));
        if (query is not null)
        {
            // Passages any lexical signal matches, from the postings; the join with passages drops dead pids.
            var matchedPids = PostingsReader.MatchingPids(connection, LexicalField.Words, query.Words.Concat(query.Expansions));
            matchedPids.UnionWith(PostingsReader.MatchingPids(connection, LexicalField.Bigrams, query.Bigrams));
            where.Append(" AND p.pid IN (SELECT value FROM json_each($facet_pids))");
            command.Parameters.AddWithValue("$facet_pids", "[" + string.Join(',', matchedPids) + "]");
            for (var i = 0; i < query.RequiredPhrases.Count; i++)
            {
                where.Append($" AND instr(p.norm_text, $facet_phrase{i}) > 0");
                command.Parameters.AddWithValue($"$facet_phrase{i}", query.RequiredPhrases[i]);
            }
            for (var i = 0; i < query.Excluded.Count; i++)
            {
                where.Append($" AND instr(p.norm_text, $facet_excluded{i}) = 0");
                command.Parameters.AddWithValue($"$facet_excluded{i}", query.Excluded[i]);
            }
        }
        var matched = $"SELECT p.document_id AS document_id FROM passages p JOIN documents d ON d.id = p.document_id WHERE {where}";
        command.CommandText = sql(matched);
        return command;
    }
}
