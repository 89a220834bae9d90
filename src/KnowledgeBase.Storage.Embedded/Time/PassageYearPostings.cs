using System.Globalization;
using KnowledgeBase.Storage.Embedded.Lexical;
using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Time;

/// <summary>
/// The passages that speak about a year, read from the <see cref="TimeTerms.Stated"/> postings (<c>#y2016</c>): the
/// passage-year filter (<see cref="Retrieval.SearchFilter.PassageYears"/>) and facet. Pids of replaced or deleted
/// documents may still be listed; callers intersect with the current documents' pid ranges, as for every posting.
/// </summary>
internal static class PassageYearPostings
{
    /// <summary>Every pid that speaks about any of <paramref name="years"/>, ascending.</summary>
    public static int[] Pids(SqliteConnection connection, IEnumerable<int> years) =>
        PostingsReader.MatchingPids(connection, years.Distinct().Select(y => (LexicalField.Words, TimeTerms.Stated(y))));

    /// <summary>Each year some passage speaks about, with its passages' pids (ascending).</summary>
    public static List<(int Year, int[] Pids)> All(SqliteConnection connection)
    {
        // '#y' followed by digits: '#y0' ≤ term < '#y:' (':' sorts right after '9'); '#y' alone (any year) sorts before.
        var years = connection.Query(null, "SELECT DISTINCT term FROM lex_postings WHERE field = $field AND term >= '#y0' AND term < '#y:'",
                r => r.GetString(0), ("$field", (int)LexicalField.Words))
            .Select(term => int.TryParse(term.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : (int?)null)
            .OfType<int>().ToList();
        using var reader = new PostingsReader(connection);
        return years.Select(year => (year, reader.Read(LexicalField.Words, TimeTerms.Stated(year), []).DecodePids())).ToList();
    }
}
