using KnowledgeBase.Storage.Embedded.Schema;
using KnowledgeBase.Text.Time;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Time;

/// <summary>
/// Table <c>passage_times</c>: what was resolved in each passage that mentions a time — every expression with its
/// offsets, years, kind and pattern (<see cref="TimeMentionCodec"/>) — so results and the viewer can show "今年 (2025)" exactly as it was indexed. Rows
/// are keyed by pid and written in the passage's transaction; a passage without a time expression has none. The table
/// is created by schema migration 5 (<see cref="SqliteSchema"/>).
/// </summary>
internal static class PassageTimeRows
{
    public const string CreateSql = "CREATE TABLE IF NOT EXISTS passage_times(pid INTEGER PRIMARY KEY, mentions TEXT NOT NULL)";

    public static string Serialize(IReadOnlyList<TimeMention> mentions) => TimeMentionCodec.Serialize(mentions);

    /// <inheritdoc cref="TimeMentionCodec.Deserialize"/>
    public static IReadOnlyList<TimeMention> Deserialize(string json, string passageText) => TimeMentionCodec.Deserialize(json, passageText);

    /// <summary>Removes the rows of a document's pid range.</summary>
    public static void Delete(SqliteConnection connection, SqliteTransaction transaction, long pidStart, long pidEnd) =>
        connection.Execute(transaction, "DELETE FROM passage_times WHERE pid >= $start AND pid < $end", ("$start", pidStart), ("$end", pidEnd));
}

/// <summary>Inserts <c>passage_times</c> rows inside the caller's write transaction with one prepared statement.</summary>
internal sealed class PassageTimeWriter : IDisposable
{
    private readonly SqliteCommand _insert;

    public PassageTimeWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = "INSERT OR REPLACE INTO passage_times(pid, mentions) VALUES ($pid, $mentions)";
        _insert.Parameters.Add(new SqliteParameter("$pid", SqliteType.Integer));
        _insert.Parameters.Add(new SqliteParameter("$mentions", SqliteType.Text));
        _insert.Prepare();
    }

    /// <summary>Records the mentions of the passages numbered from <paramref name="firstPid"/> on; passages without any get no row.</summary>
    public void Write(long firstPid, IReadOnlyList<PassageTime> times)
    {
        for (var i = 0; i < times.Count; i++)
        {
            if (times[i].Mentions.Count == 0) continue;
            _insert.Parameters[0].Value = firstPid + i;
            _insert.Parameters[1].Value = PassageTimeRows.Serialize(times[i].Mentions);
            _insert.ExecuteNonQuery();
        }
    }

    public void Dispose() => _insert.Dispose();
}
