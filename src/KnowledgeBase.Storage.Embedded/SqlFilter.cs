using System.Text;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>
/// Turns a <see cref="SearchFilter"/> into a SQL predicate over the <c>documents</c> row aliased <c>d</c>.
/// Every query that touches documents or passages for a caller includes it, so visibility is decided inside
/// the query that ranks and counts, never afterwards.
/// </summary>
internal static class SqlFilter
{
    public static string Build(SearchFilter filter, SqliteCommand command)
    {
        var sql = new StringBuilder("1=1");
        var access = filter.Access;
        if (!access.SeesEverything)
        {
            command.Parameters.AddWithValue("$acc_org", (object?)access.Organisation ?? DBNull.Value);
            command.Parameters.AddWithValue("$acc_internal", access.SeesInternal ? 1 : 0);
            // The rule of AccessScope.CanSee: the organisation's own uploads, or approved documents its visibility opens.
            const string sharedWithCaller = "EXISTS(SELECT 1 FROM document_shares s WHERE s.document_id = d.id AND s.organisation = $acc_org)";
            sql.Append($"""
                 AND ((d.owner_org IS NOT NULL AND d.owner_org = $acc_org AND (d.pending = 1 OR {sharedWithCaller}))
                   OR (d.pending = 0 AND (d.visibility = {(int)Visibility.Public}
                     OR (d.visibility = {(int)Visibility.Internal} AND $acc_internal = 1)
                     OR (d.visibility = {(int)Visibility.Restricted} AND {sharedWithCaller}))))
                """);
        }
        if (filter.YearFrom is { } from) { sql.Append(" AND d.year >= $year_from"); command.Parameters.AddWithValue("$year_from", from); }
        if (filter.YearTo is { } to) { sql.Append(" AND d.year <= $year_to"); command.Parameters.AddWithValue("$year_to", to); }
        if (filter.Language is { Length: > 0 } language) { sql.Append(" AND d.language = $language"); command.Parameters.AddWithValue("$language", language); }
        if (filter.DocumentId is { Length: > 0 } id) { sql.Append(" AND d.id = $document_id"); command.Parameters.AddWithValue("$document_id", id); }
        AppendIn(sql, command, "d.organisation", "org", filter.Organisations);
        AppendIn(sql, command, "d.doc_type", "type", filter.DocumentTypes);
        if (filter.Tags.Count > 0)
        {
            sql.Append(" AND EXISTS(SELECT 1 FROM document_tags t WHERE t.document_id = d.id AND t.tag IN (");
            sql.Append(string.Join(", ", filter.Tags.Select((tag, i) => Add(command, $"$tag{i}", tag))));
            sql.Append("))");
        }
        return sql.ToString();
    }

    /// <summary>
    /// <see cref="Build"/> plus the query's text constraints over the passage row aliased <c>p</c>: quoted phrases must
    /// occur in the normalised passage text, excluded terms must not. Every signal uses this same predicate.
    /// </summary>
    public static string BuildForPassages(SearchFilter filter, RetrievalQuery query, SqliteCommand command) =>
        Build(filter, command) + TextConstraints(query, command, "p.norm_text");

    /// <summary>
    /// The query's text constraints as " AND …" terms over <paramref name="normalizedText"/> (the normalised passage
    /// text column): quoted phrases must occur in it, excluded terms must not. Empty when the query has none.
    /// </summary>
    public static string TextConstraints(RetrievalQuery query, SqliteCommand command, string normalizedText)
    {
        var where = new StringBuilder();
        for (var i = 0; i < query.RequiredPhrases.Count; i++)
        {
            where.Append($" AND instr({normalizedText}, $phrase{i}) > 0");
            command.Parameters.AddWithValue($"$phrase{i}", query.RequiredPhrases[i]);
        }
        for (var i = 0; i < query.Excluded.Count; i++)
        {
            where.Append($" AND instr({normalizedText}, $excluded{i}) = 0");
            command.Parameters.AddWithValue($"$excluded{i}", query.Excluded[i]);
        }
        return where.ToString();
    }

    private static void AppendIn(StringBuilder sql, SqliteCommand command, string column, string prefix, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return;
        sql.Append($" AND {column} IN (");
        sql.Append(string.Join(", ", values.Select((v, i) => Add(command, $"${prefix}{i}", v))));
        sql.Append(')');
    }

    private static string Add(SqliteCommand command, string name, string value)
    {
        command.Parameters.AddWithValue(name, value);
        return name;
    }
}
