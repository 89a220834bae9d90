using KnowledgeBase.Storage.Embedded.Schema;
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

    /// <summary>The state row, or null when the index has not been built (a store whose passages await re-indexing).</summary>
    public static LexicalState? Read(SqliteConnection connection, SqliteTransaction? transaction) =>
        connection.QueryFirst(transaction, "SELECT epoch, generation, next_pid, live, dead, words_length, bigrams_length FROM lex_state WHERE id = 0",
            r => new LexicalState
            {
                Epoch = r.GetString(0), Generation = r.GetInt64(1), NextPid = r.GetInt64(2), Live = r.GetInt64(3),
                Dead = r.GetInt64(4), WordsLength = r.GetInt64(5), BigramsLength = r.GetInt64(6),
            });

    /// <summary>A fresh state for an empty index whose pids start at <paramref name="nextPid"/>.</summary>
    public static LexicalState Empty(long nextPid) => new() { Epoch = Guid.NewGuid().ToString("N"), NextPid = Math.Max(1, nextPid) };

    public void Write(SqliteConnection connection, SqliteTransaction transaction) =>
        connection.Execute(transaction, """
            INSERT OR REPLACE INTO lex_state(id, epoch, generation, next_pid, live, dead, words_length, bigrams_length)
            VALUES (0, $epoch, $generation, $next, $live, $dead, $words, $bigrams)
            """, ("$epoch", Epoch), ("$generation", Generation), ("$next", NextPid), ("$live", Live), ("$dead", Dead),
            ("$words", WordsLength), ("$bigrams", BigramsLength));
}
