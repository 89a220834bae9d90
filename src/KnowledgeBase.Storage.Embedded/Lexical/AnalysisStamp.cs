using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// The fingerprint of the analysis chain that built the lexical index (<see cref="Text.TextAnalyzer.Fingerprint"/>),
/// kept in <c>meta</c> beside the index as the vector model is kept beside the vectors. Every search checks it against
/// the chain of the searching process (one indexed read), so an index built with other dictionaries is refused with the
/// way out (<c>kb reindex</c>) rather than searched with terms it does not hold; a rebuild in another process is seen at
/// the next search. Writes are not refused: the stored passages stay authoritative and the rebuild re-analyses them all.
/// </summary>
internal sealed class AnalysisStamp(SqliteDatabase database, string current)
{
    public const string MetaKey = "analysis_fingerprint";

    /// <summary>The fingerprint of this process's chain.</summary>
    public string Current => current;

    /// <summary>
    /// Records this process's fingerprint where none is recorded: a new store, or one built before fingerprints were kept
    /// (taken to be built by the running chain, the only one that can be known). Called when the store opens.
    /// </summary>
    public void RecordIfAbsent()
    {
        using var connection = database.Open();
        if (Recorded(connection, null) is not null) return;
        connection.Execute(null, "INSERT OR IGNORE INTO meta(key, value) VALUES ($key, $value)", ("$key", MetaKey), ("$value", current));
    }

    /// <summary>Records this process's fingerprint after a rebuild, in the rebuild's transaction.</summary>
    public void Record(SqliteConnection connection, SqliteTransaction transaction) =>
        connection.Execute(transaction, "INSERT OR REPLACE INTO meta(key, value) VALUES ($key, $value)", ("$key", MetaKey), ("$value", current));

    /// <summary>True when the index was built by another chain than this process's.</summary>
    public bool IsStale(SqliteConnection connection) => Recorded(connection, null) is { } recorded && recorded != current;

    /// <summary>Throws <see cref="StaleIndexException"/> when the index was built by another chain than this process's.</summary>
    public void ThrowIfStale(SqliteConnection connection)
    {
        if (Recorded(connection, null) is { } recorded && recorded != current)
            throw new StaleIndexException(recorded, current,
                $"Run `kb reindex --data {database.DataDirectory}` to rebuild it from the stored passages (no re-parsing); searches work again as soon as it finishes.",
                "An administrator must run `kb reindex --data DIR` on the server's data directory to rebuild it from the stored passages (no re-parsing); searches work again as soon as it finishes.");
    }

    public static string? Recorded(SqliteConnection connection, SqliteTransaction? transaction) =>
        connection.Scalar(transaction, "SELECT value FROM meta WHERE key = $key", ("$key", MetaKey)) as string;
}
