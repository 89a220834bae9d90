using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Vectors;

/// <summary>
/// The durable copy of the passage vectors: table <c>passage_vectors</c> (one unit-length vector per passage id, as a
/// float blob) and the counters and model identity in <c>meta</c>. Every change takes the next sequence number
/// (<c>vector_seq</c>) and every deletion leaves a row in <c>passage_vector_deletions</c>, so a reader can replay what
/// changed since the number it last read; <c>vector_epoch</c> grows when all vectors are replaced. Statements run in the
/// caller's transaction.
/// </summary>
internal static class VectorRows
{
    private const string ModelKey = "vector_model", DimensionKey = "vector_dimension", SeqKey = "vector_seq", EpochKey = "vector_epoch";

    /// <summary>The model the stored vectors came from, or null while none is recorded.</summary>
    public static (string ModelId, int Dimension)? ReadModel(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var model = connection.Scalar(transaction, "SELECT value FROM meta WHERE key = $key", ("$key", ModelKey)) as string;
        var dimension = connection.Scalar(transaction, "SELECT value FROM meta WHERE key = $key", ("$key", DimensionKey)) as string;
        return model is null || dimension is null ? null : (model, int.Parse(dimension, CultureInfo.InvariantCulture));
    }

    public static void WriteModel(SqliteConnection connection, SqliteTransaction transaction, string modelId, int dimension)
    {
        SetMeta(connection, transaction, ModelKey, modelId);
        SetMeta(connection, transaction, DimensionKey, dimension.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Drops every vector and starts a new epoch, so readers reload instead of replaying.</summary>
    public static void DeleteAll(SqliteConnection connection, SqliteTransaction transaction)
    {
        connection.Execute(transaction, "DELETE FROM passage_vectors; DELETE FROM passage_vector_deletions;");
        connection.Execute(transaction, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = $key", ("$key", EpochKey));
    }

    /// <summary>The last sequence number and the epoch, read in the caller's snapshot.</summary>
    public static (long Seq, long Epoch) ReadCounters(SqliteConnection connection, SqliteTransaction? transaction) =>
        (ReadLong(connection, transaction, SeqKey), ReadLong(connection, transaction, EpochKey));

    /// <summary>
    /// Inserts or replaces vectors, normalised to unit length, under one new sequence number. Throws
    /// <see cref="VectorModelMismatchException"/> for a vector whose size is not the recorded model's.
    /// </summary>
    public static void Write(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<(long Pid, ReadOnlyMemory<float> Vector)> vectors)
    {
        var model = ReadModel(connection, transaction)
                    ?? throw new InvalidOperationException("no embedding model is recorded for the vector index; call EnsureModel first");
        var seq = NextSeq(connection, transaction);
        using var insert = connection.Command(transaction,
            "INSERT INTO passage_vectors(pid, seq, vector) VALUES ($pid, $seq, $v) ON CONFLICT(pid) DO UPDATE SET seq = excluded.seq, vector = excluded.vector",
            ("$seq", seq));
        var pid = insert.Parameters.Add("$pid", SqliteType.Integer);
        var blob = insert.Parameters.Add("$v", SqliteType.Blob);
        foreach (var (id, vector) in vectors)
        {
            if (vector.Length != model.Dimension)
                throw new VectorModelMismatchException(model.ModelId, model.Dimension, "a model", vector.Length);
            pid.Value = id;
            blob.Value = MemoryMarshal.AsBytes(UnitLength(vector.Span).AsSpan()).ToArray();
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Deletes the vectors <paramref name="where"/> selects, recording each deletion under a new sequence number.</summary>
    public static void DeleteWhere(SqliteConnection connection, SqliteTransaction transaction, string where, (string Name, object Value) parameter) =>
        connection.Execute(transaction, $"""
            INSERT INTO passage_vector_deletions(seq, pid) SELECT $seq, pid FROM passage_vectors WHERE {where};
            DELETE FROM passage_vectors WHERE {where};
            """, ("$seq", NextSeq(connection, transaction)), parameter);

    /// <summary>Every stored vector.</summary>
    public static void ReadAll(SqliteConnection connection, SqliteTransaction? transaction, Action<long, ReadOnlySpan<float>> row) =>
        connection.ForEach(transaction, "SELECT pid, vector FROM passage_vectors", r => row(r.GetInt64(0), AsFloats(r)));

    /// <summary>The vectors written after sequence number <paramref name="since"/>.</summary>
    public static void ReadWrittenSince(SqliteConnection connection, SqliteTransaction? transaction, long since, Action<long, ReadOnlySpan<float>> row) =>
        connection.ForEach(transaction, "SELECT pid, vector FROM passage_vectors WHERE seq > $since", r => row(r.GetInt64(0), AsFloats(r)), ("$since", since));

    /// <summary>The passage ids whose vectors were deleted after sequence number <paramref name="since"/>.</summary>
    public static void ReadDeletedSince(SqliteConnection connection, SqliteTransaction? transaction, long since, Action<long> pid) =>
        connection.ForEach(transaction, "SELECT pid FROM passage_vector_deletions WHERE seq > $since", r => pid(r.GetInt64(0)), ("$since", since));

    /// <summary>The passage ids whose vectors were written or deleted after sequence number <paramref name="since"/>.</summary>
    public static void ReadChangedSince(SqliteConnection connection, SqliteTransaction? transaction, long since, Action<long> pid) =>
        connection.ForEach(transaction, "SELECT pid FROM passage_vector_deletions WHERE seq > $since UNION SELECT pid FROM passage_vectors WHERE seq > $since",
            r => pid(r.GetInt64(0)), ("$since", since));

    /// <summary>A unit-length copy (stored vectors and queries are unit length, so a dot product is the cosine).</summary>
    public static float[] UnitLength(ReadOnlySpan<float> vector)
    {
        var copy = vector.ToArray();
        var norm = TensorPrimitives.Norm(copy);
        if (norm > 0 && Math.Abs(norm - 1f) > 1e-6f) TensorPrimitives.Divide(copy, norm, copy);
        return copy;
    }

    private static ReadOnlySpan<float> AsFloats(SqliteDataReader reader) => MemoryMarshal.Cast<byte, float>((byte[])reader.GetValue(1));

    private static long NextSeq(SqliteConnection connection, SqliteTransaction transaction) =>
        connection.Long(transaction, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = $key RETURNING CAST(value AS INTEGER)", ("$key", SeqKey))!.Value;

    private static long ReadLong(SqliteConnection connection, SqliteTransaction? transaction, string key) =>
        connection.Long(transaction, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = $key", ("$key", key)) ?? 0;

    private static void SetMeta(SqliteConnection connection, SqliteTransaction transaction, string key, string value) =>
        connection.Execute(transaction, "INSERT INTO meta(key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            ("$key", key), ("$value", value));
}
