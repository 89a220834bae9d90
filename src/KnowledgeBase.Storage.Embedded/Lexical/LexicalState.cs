using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// The one row of <c>lex_state</c>: collection statistics and counters every lexical write updates in its transaction.
/// <see cref="Generation"/> grows with every write, so a reader in any process can tell whether its caches are current
/// (triggers bump it on any change to a document's row, shares or tags, e.g. an approval, since cached admitted sets
/// depend on them);
/// <see cref="Epoch"/> is random per index build, so a cache never mistakes a rebuilt or replaced database for its own.
/// </summary>
internal sealed class LexicalState
{
    public required string Epoch { get; init; }
    public long Generation { get; set; }
    /// <summary>The next passage id; pids only grow, so postings blocks are appended in pid order.</summary>
    public long NextPid { get; set; }
    /// <summary>Live passages (N of BM25).</summary>
    public long Live { get; set; }
    /// <summary>Passages deleted since the last compaction; their postings may still be stored.</summary>
    public long Dead { get; set; }
    /// <summary>Sum of the weighted lengths of live passages, per field group (for the average length of BM25).</summary>
    public long WordsLength { get; set; }
    public long BigramsLength { get; set; }

    public long TotalLength(LexicalField field) => field == LexicalField.Words ? WordsLength : BigramsLength;

    public void AddLength(LexicalField field, long delta)
    {
        if (field == LexicalField.Words) WordsLength += delta;
        else BigramsLength += delta;
    }

    public const string CreateSql = """
        CREATE TABLE IF NOT EXISTS lex_state(
            id INTEGER PRIMARY KEY CHECK (id = 0),
            epoch TEXT NOT NULL,
            generation INTEGER NOT NULL,
            next_pid INTEGER NOT NULL,
            live INTEGER NOT NULL,
            dead INTEGER NOT NULL,
            words_length INTEGER NOT NULL,
            bigrams_length INTEGER NOT NULL);
        CREATE TRIGGER IF NOT EXISTS lex_documents_updated AFTER UPDATE ON documents
            BEGIN UPDATE lex_state SET generation = generation + 1; END;
        CREATE TRIGGER IF NOT EXISTS lex_shares_inserted AFTER INSERT ON document_shares
            BEGIN UPDATE lex_state SET generation = generation + 1; END;
        CREATE TRIGGER IF NOT EXISTS lex_shares_deleted AFTER DELETE ON document_shares
            BEGIN UPDATE lex_state SET generation = generation + 1; END;
        CREATE TRIGGER IF NOT EXISTS lex_tags_inserted AFTER INSERT ON document_tags
            BEGIN UPDATE lex_state SET generation = generation + 1; END;
        CREATE TRIGGER IF NOT EXISTS lex_tags_deleted AFTER DELETE ON document_tags
            BEGIN UPDATE lex_state SET generation = generation + 1; END;
        """;

    /// <summary>The state row, or null when the index has not been built (a schema-1 store before its migration).</summary>
    public static LexicalState? Read(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT epoch, generation, next_pid, live, dead, words_length, bigrams_length FROM lex_state WHERE id = 0";
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new LexicalState
        {
            Epoch = reader.GetString(0), Generation = reader.GetInt64(1), NextPid = reader.GetInt64(2), Live = reader.GetInt64(3),
            Dead = reader.GetInt64(4), WordsLength = reader.GetInt64(5), BigramsLength = reader.GetInt64(6),
        };
    }

    /// <summary>A fresh state for an empty index whose pids start at <paramref name="nextPid"/>.</summary>
    public static LexicalState Empty(long nextPid) => new() { Epoch = Guid.NewGuid().ToString("N"), NextPid = Math.Max(1, nextPid) };

    public void Write(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR REPLACE INTO lex_state(id, epoch, generation, next_pid, live, dead, words_length, bigrams_length)
            VALUES (0, $epoch, $generation, $next, $live, $dead, $words, $bigrams)
            """;
        command.Parameters.AddWithValue("$epoch", Epoch);
        command.Parameters.AddWithValue("$generation", Generation);
        command.Parameters.AddWithValue("$next", NextPid);
        command.Parameters.AddWithValue("$live", Live);
        command.Parameters.AddWithValue("$dead", Dead);
        command.Parameters.AddWithValue("$words", WordsLength);
        command.Parameters.AddWithValue("$bigrams", BigramsLength);
        command.ExecuteNonQuery();
    }
}
