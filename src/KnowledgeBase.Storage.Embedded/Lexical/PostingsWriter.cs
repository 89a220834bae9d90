using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// Appends postings to table <c>lex_postings</c> (one row per block of at most <see cref="BlockSize"/> postings of a
/// (field, term), keyed by its first pid). New pids are always larger than every stored pid, so an append touches only
/// the term's last block: it is rewritten while it holds fewer than <see cref="BlockSize"/> postings, else a new block
/// starts. Postings of dead passages are dropped when their block is rewritten here or by <see cref="LexicalCompactor"/>.
/// </summary>
internal sealed class PostingsWriter : IDisposable
{
    /// <summary>
    /// Postings per block. Reading a block row costs SQLite ~10 µs whatever its size, so large blocks make long lists
    /// cheap to read (at 100k passages 128 → 512 halved the SQLite time of a query); but a row must stay under ~1,000
    /// bytes (SQLite's inline limit for a WITHOUT ROWID row on 4 KiB pages), else each block spills into its own
    /// overflow page (512 grew the 100k store by 23 %). 256 postings take ~500–770 bytes.
    /// </summary>
    public const int BlockSize = 256;

    private readonly SqliteCommand _last, _delete, _insert;
    private int[] _pids = new int[BlockSize * 2], _frequencies = new int[BlockSize * 2];

    public PostingsWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _last = Command(connection, transaction, "SELECT first_pid, count, data FROM lex_postings WHERE field = $field AND term = $term ORDER BY first_pid DESC LIMIT 1", "$field", "$term");
        _delete = Command(connection, transaction, "DELETE FROM lex_postings WHERE field = $field AND term = $term AND first_pid = $first", "$field", "$term", "$first");
        _insert = Command(connection, transaction, "INSERT INTO lex_postings(field, term, first_pid, count, data) VALUES ($field, $term, $first, $count, $data)",
            "$field", "$term", "$first", "$count", "$data");
    }

    /// <summary>
    /// Appends postings (pids ascending, all above every stored pid of the term). <paramref name="isLive"/> decides which
    /// postings of a rewritten last block survive.
    /// </summary>
    public void Append(LexicalField field, string term, ReadOnlySpan<int> pids, ReadOnlySpan<int> frequencies, Func<int, bool> isLive)
    {
        var count = 0;
        _last.Parameters[0].Value = (int)field;
        _last.Parameters[1].Value = term;
        using (var reader = _last.ExecuteReader())
        {
            if (reader.Read() && reader.GetInt32(1) < BlockSize)
            {
                var first = reader.GetInt32(0);
                var stored = reader.GetInt32(1);
                Ensure(stored + pids.Length);
                PostingsCodec.Decode((byte[])reader.GetValue(2), first, stored, _pids, _frequencies);
                reader.Close();
                Exec(_delete, (int)field, term, first);
                for (var i = 0; i < stored; i++)
                {
                    if (!isLive(_pids[i])) continue;
                    _pids[count] = _pids[i];
                    _frequencies[count++] = _frequencies[i];
                }
            }
        }
        Ensure(count + pids.Length);
        pids.CopyTo(_pids.AsSpan(count));
        frequencies.CopyTo(_frequencies.AsSpan(count));
        WriteBlocks(field, term, _pids.AsSpan(0, count + pids.Length), _frequencies.AsSpan(0, count + pids.Length));
    }

    /// <summary>Writes postings as consecutive full blocks (the last may be partial) of a term with no stored blocks in their range.</summary>
    public void WriteBlocks(LexicalField field, string term, ReadOnlySpan<int> pids, ReadOnlySpan<int> frequencies)
    {
        foreach (var block in PostingsCodec.EncodeBlocks(pids, frequencies, BlockSize))
            Exec(_insert, (int)field, term, block.FirstPid, block.Count, block.Data);
    }

    private void Ensure(int size)
    {
        if (_pids.Length >= size) return;
        Array.Resize(ref _pids, size * 2);
        Array.Resize(ref _frequencies, size * 2);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, null));
        return command;
    }

    private static void Exec(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _last.Dispose();
        _delete.Dispose();
        _insert.Dispose();
    }
}
