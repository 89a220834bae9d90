using System.Runtime.InteropServices;
using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// The stored form of per-passage lengths: table <c>lex_lengths</c>, one row per range of <see cref="ChunkSize"/> pids,
/// whose blob holds a ushort length per pid for each field group (all Words lengths, then all Bigrams lengths).
/// A length of 0 means the passage is dead (deleted) or has no terms in that group; either way no posting of it
/// may score. Each row carries the generation that last wrote it, so readers reload only what changed.
/// </summary>
internal static class PassageLengths
{
    public const int ChunkShift = 12;
    public const int ChunkSize = 1 << ChunkShift;
    public const int FieldCount = 2;
    public const int ChunkBytes = ChunkSize * FieldCount * sizeof(ushort);

    /// <summary>Lengths above this are stored as this (they only weaken BM25's length normalisation of huge passages).</summary>
    public static ushort Clamp(int length) => (ushort)Math.Clamp(length, 0, ushort.MaxValue);

    public static Span<ushort> FieldSpan(byte[] chunk, LexicalField field) =>
        MemoryMarshal.Cast<byte, ushort>(chunk.AsSpan((int)field * ChunkSize * sizeof(ushort), ChunkSize * sizeof(ushort)));
}

/// <summary>Edits <c>lex_lengths</c> inside one write transaction: chunks are read once, changed in memory, written at the end.</summary>
internal sealed class PassageLengthsEditor(SqliteConnection connection, SqliteTransaction transaction)
{
    private readonly Dictionary<long, byte[]> _chunks = [];
    private readonly HashSet<long> _dirty = [];

    public ushort Get(long pid, LexicalField field) => PassageLengths.FieldSpan(Chunk(pid >> PassageLengths.ChunkShift), field)[(int)(pid & (PassageLengths.ChunkSize - 1))];

    public void Set(long pid, LexicalField field, ushort length)
    {
        var index = pid >> PassageLengths.ChunkShift;
        PassageLengths.FieldSpan(Chunk(index), field)[(int)(pid & (PassageLengths.ChunkSize - 1))] = length;
        _dirty.Add(index);
    }

    /// <summary>Writes the changed chunks, stamped with <paramref name="generation"/>.</summary>
    public void Flush(long generation)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO lex_lengths(chunk, gen, data) VALUES ($chunk, $gen, $data)";
        var chunk = command.Parameters.Add("$chunk", SqliteType.Integer);
        command.Parameters.AddWithValue("$gen", generation);
        var data = command.Parameters.Add("$data", SqliteType.Blob);
        foreach (var index in _dirty)
        {
            chunk.Value = index;
            data.Value = _chunks[index];
            command.ExecuteNonQuery();
        }
        _dirty.Clear();
    }

    private byte[] Chunk(long index)
    {
        if (_chunks.TryGetValue(index, out var bytes)) return bytes;
        bytes = connection.Scalar(transaction, "SELECT data FROM lex_lengths WHERE chunk = $chunk", ("$chunk", index)) as byte[]
                ?? new byte[PassageLengths.ChunkBytes];
        return _chunks[index] = bytes;
    }
}
