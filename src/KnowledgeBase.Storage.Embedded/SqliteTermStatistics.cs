using KnowledgeBase.Storage;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>Passage counts for term conjunctions, answered by the FTS5 word index.</summary>
public sealed class SqliteTermStatistics(SqliteDatabase database) : ITermStatistics
{
    public IReadOnlyList<long> CountPassages(IReadOnlyList<IReadOnlyList<string>> conjunctions)
    {
        var counts = new long[conjunctions.Count];
        if (conjunctions.Count == 0) return counts;
        using var connection = database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM passage_words WHERE passage_words MATCH $match";
        var match = count.Parameters.Add("$match", Microsoft.Data.Sqlite.SqliteType.Text);
        using var all = connection.CreateCommand();
        all.CommandText = "SELECT count(*) FROM passages";
        for (var i = 0; i < conjunctions.Count; i++)
        {
            if (conjunctions[i].Count == 0) { counts[i] = (long)all.ExecuteScalar()!; continue; }
            match.Value = string.Join(" AND ", conjunctions[i].Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
            counts[i] = (long)count.ExecuteScalar()!;
        }
        return counts;
    }
}
