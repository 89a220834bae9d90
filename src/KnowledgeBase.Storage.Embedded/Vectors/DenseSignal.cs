using System.Text;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage.Embedded.Time;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Vectors;

/// <summary>
/// The <see cref="Signal.Dense"/> ranked list for <see cref="SqliteKnowledgeStore.RetrieveAsync"/>: nearest passages to
/// <see cref="RetrievalQuery.Vector"/> among those the filter admits. The admitted set comes from the same SQL predicate
/// the lexical signals use (<see cref="SqlFilter"/>, required and excluded phrases, the passage-year postings) and is applied inside the vector
/// search, so a caller never gets, or counts, a passage it may not see.
/// </summary>
public static class DenseSignal
{
    /// <summary>Adds the dense ranks (1-based) of the top <paramref name="limit"/> passages to <paramref name="ranks"/>.</summary>
    public static void Rank(SqliteConnection connection, PassageVectorIndex index, RetrievalQuery query, SearchFilter filter, int limit,
        Dictionary<long, Dictionary<Signal, int>> ranks)
    {
        if (query.Vector is not { } vector || limit <= 0) return;
        var allowed = AllowedPids(connection, query, filter);
        var hits = allowed is null ? index.Search(vector.Span, limit) : index.Search(vector.Span, limit, allowed.Contains, allowed.Count);
        var position = 0;
        foreach (var hit in hits)
        {
            if (!ranks.TryGetValue(hit.Pid, out var bySignal)) ranks[hit.Pid] = bySignal = [];
            bySignal[Signal.Dense] = ++position;
        }
    }

    /// <summary>
    /// The passages the filter admits, or null when it admits every passage (a caller who sees everything, no
    /// constraints): then the search needs no predicate and skips the cost of listing all passages.
    /// </summary>
    public static HashSet<long>? AllowedPids(SqliteConnection connection, RetrievalQuery query, SearchFilter filter)
    {
        if (IsUnconstrained(query, filter)) return null;
        using var command = connection.CreateCommand();
        var where = SqlFilter.BuildForPassages(filter, query, command);
        command.CommandText = $"SELECT p.pid FROM passages p JOIN documents d ON d.id = p.document_id WHERE {where}";
        var allowed = new HashSet<long>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) allowed.Add(reader.GetInt64(0));
        // The years a passage speaks about live in the time postings, not in SQL columns: narrowed here, before the search.
        if (filter.PassageYears.Count > 0) allowed.IntersectWith(PassageYearPostings.Pids(connection, filter.PassageYears).Select(pid => (long)pid));
        return allowed;
    }

    private static bool IsUnconstrained(RetrievalQuery query, SearchFilter filter) =>
        filter.Access.SeesEverything && filter.YearFrom is null && filter.YearTo is null && filter.Organisations.Count == 0 &&
        filter.DocumentTypes.Count == 0 && filter.Tags.Count == 0 && string.IsNullOrEmpty(filter.Language) &&
        string.IsNullOrEmpty(filter.DocumentId) && filter.PassageYears.Count == 0 && query.RequiredPhrases.Count == 0 && query.Excluded.Count == 0;
}
