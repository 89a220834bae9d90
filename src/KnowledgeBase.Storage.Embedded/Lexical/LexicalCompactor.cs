using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// Purges postings of dead passages from every block that holds any, inside the caller's write transaction, and
/// re-packs each changed term into full blocks. Dead postings never score (their length is 0) and do not count in the
/// df; they only cost space and decoding time, so compaction runs when enough passages died
/// (<see cref="LexicalWriter.NeedsCompaction"/>) or on request.
/// </summary>
internal static class LexicalCompactor
{
    /// <summary>
    /// Returns the number of postings removed. <paramref name="repackAll"/> rewrites every term, not only those with dead
    /// postings, into full blocks of the current <see cref="PostingsWriter.BlockSize"/> (after a block size change).
    /// </summary>
    public static long Run(SqliteConnection connection, SqliteTransaction transaction, bool repackAll = false)
    {
        var state = LexicalState.Read(connection, transaction) ?? throw new InvalidOperationException("The lexical index has not been built.");
        var lengths = new PassageLengthsEditor(connection, transaction);
        var terms = new List<(LexicalField Field, string Term)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT DISTINCT field, term FROM lex_postings";
            using var reader = command.ExecuteReader();
            while (reader.Read()) terms.Add(((LexicalField)reader.GetInt32(0), reader.GetString(1)));
        }

        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT first_pid, count, data FROM lex_postings WHERE field = $field AND term = $term";
        var readField = read.Parameters.Add("$field", SqliteType.Integer);
        var readTerm = read.Parameters.Add("$term", SqliteType.Text);
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM lex_postings WHERE field = $field AND term = $term";
        var deleteField = delete.Parameters.Add("$field", SqliteType.Integer);
        var deleteTerm = delete.Parameters.Add("$term", SqliteType.Text);
        using var writer = new PostingsWriter(connection, transaction);

        long removed = 0;
        var pids = new List<int>();
        var frequencies = new List<int>();
        int[] blockPids = new int[PostingsWriter.BlockSize], blockFrequencies = new int[PostingsWriter.BlockSize];
        foreach (var (field, term) in terms)
        {
            pids.Clear();
            frequencies.Clear();
            var dead = 0;
            readField.Value = (int)field;
            readTerm.Value = term;
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read())
                {
                    var n = reader.GetInt32(1);
                    if (blockPids.Length < n) { blockPids = new int[n]; blockFrequencies = new int[n]; }
                    PostingsCodec.Decode((byte[])reader.GetValue(2), reader.GetInt32(0), n, blockPids, blockFrequencies);
                    for (var i = 0; i < n; i++)
                    {
                        if (lengths.Get(blockPids[i], field) == 0) { dead++; continue; }
                        pids.Add(blockPids[i]);
                        frequencies.Add(blockFrequencies[i]);
                    }
                }
            }
            if (dead == 0 && !repackAll) continue;
            removed += dead;
            deleteField.Value = (int)field;
            deleteTerm.Value = term;
            delete.ExecuteNonQuery();
            writer.WriteBlocks(field, term, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pids),
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(frequencies));
        }
        state.Dead = 0;
        state.Generation++;
        state.Write(connection, transaction);
        return removed;
    }
}
