using System.Runtime.CompilerServices;
using Npgsql;

namespace KnowledgeBase.Storage.Postgres.Originals;

/// <summary>
/// Kept originals in PostgreSQL, as <c>bytea</c> pieces of <see cref="PostgresOptions.OriginalChunkBytes"/> (1 MiB) in
/// <c>kb_original_chunks</c> under a <c>kb_originals</c> row per file. Saving reads the upload one piece at a time and
/// writes each as a row, and a reader fetches only the piece it is in (range requests from a PDF viewer read a few
/// pieces, not the file), so neither side holds a whole file in memory.
/// </summary>
/// <remarks>
/// Chosen over PostgreSQL's large objects: pieces are ordinary rows, so they are written in the same transaction as the
/// file's row (a crash leaves nothing half-written), deleted with a plain DELETE (large objects outlive their reference
/// unless unlinked, and need <c>vacuumlo</c>), covered by the same privileges, and dumped, restored and replicated like
/// every other table. A piece under PostgreSQL's 1 GB field limit and TOAST's compression is all a document needs.
/// </remarks>
public sealed class PostgresOriginalStore(PostgresDatabase database) : IOriginalFileStore
{
    private readonly int _chunkBytes = database.Options.OriginalChunkBytes;

    public async Task SaveAsync(string contentHash, string extension, Stream content, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await ExistsAsync(connection, null, contentHash, cancellationToken)) return;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Two workers saving the same bytes take turns; the second finds the first's file and stops.
        await connection.ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(hashtextextended(@hash, 0))", cancellationToken, ("hash", contentHash));
        if (await ExistsAsync(connection, transaction, contentHash, cancellationToken)) return;

        var buffer = new byte[_chunkBytes];
        long length = 0;
        await using (var insert = connection.Command(transaction, "INSERT INTO kb_original_chunks(content_hash, ordinal, data) VALUES (@hash, @ordinal, @data)"))
        {
            insert.Parameters.AddWithValue("hash", contentHash);
            var ordinal = insert.Parameters.AddWithValue("ordinal", 0);
            var data = insert.Parameters.AddWithValue("data", NpgsqlTypes.NpgsqlDbType.Bytea, buffer);
            for (var i = 0; ; i++)
            {
                var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                if (read == 0 && i > 0) break;
                ordinal.Value = i;
                data.Value = read == buffer.Length ? buffer : buffer.AsSpan(0, read).ToArray();
                await insert.ExecuteNonQueryAsync(cancellationToken);
                length += read;
                if (read < buffer.Length) break;
            }
        }
        await connection.ExecuteAsync(transaction, """
            INSERT INTO kb_originals(content_hash, extension, length, chunk_bytes, stored_at) VALUES (@hash, @ext, @length, @chunk, now())
            """, cancellationToken, ("hash", contentHash), ("ext", OriginalExtensions.Safe(extension)), ("length", length), ("chunk", _chunkBytes));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<StoredOriginal?> OpenAsync(string contentHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync(null, "SELECT extension, length, chunk_bytes FROM kb_originals WHERE content_hash = @hash",
            r => (Extension: r.GetString(0), Length: r.GetInt64(1), ChunkBytes: r.GetInt32(2)), cancellationToken, ("hash", contentHash));
        if (rows.Count == 0) return null;
        var (ext, length, chunkBytes) = rows[0];
        return new StoredOriginal(new PostgresOriginalStream(database, contentHash, length, chunkBytes), length, ext);
    }

    public async Task<bool> DeleteAsync(string contentHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var found = await connection.ExecuteAsync(transaction, "DELETE FROM kb_originals WHERE content_hash = @hash", cancellationToken, ("hash", contentHash)) > 0;
        await connection.ExecuteAsync(transaction, "DELETE FROM kb_original_chunks WHERE content_hash = @hash", cancellationToken, ("hash", contentHash));
        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    public async IAsyncEnumerable<string> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var hash in await connection.QueryAsync(null, "SELECT content_hash FROM kb_originals ORDER BY content_hash COLLATE \"C\"",
                     r => r.GetString(0), cancellationToken))
            yield return hash;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string contentHash, CancellationToken cancellationToken) =>
        await connection.ScalarAsync(transaction, "SELECT 1 FROM kb_originals WHERE content_hash = @hash", cancellationToken, ("hash", contentHash)) is not null;
}
