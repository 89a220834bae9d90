namespace KnowledgeBase.Storage.Postgres.Originals;

/// <summary>
/// A read-only, seekable view of a kept original: holds the one piece that contains the current position and fetches
/// another only when a read crosses into it, so serving a file or a byte range costs one piece of memory.
/// </summary>
internal sealed class PostgresOriginalStream(PostgresDatabase database, string contentHash, long length, int chunkBytes) : Stream
{
    private byte[]? _chunk;
    private int _chunkIndex = -1;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0) return 0;
        var index = (int)(_position / chunkBytes);
        if (index != _chunkIndex)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            _chunk = await connection.ScalarAsync(null, "SELECT data FROM kb_original_chunks WHERE content_hash = @hash AND ordinal = @ordinal",
                         cancellationToken, ("hash", contentHash), ("ordinal", index)) as byte[]
                     ?? throw new IOException($"piece {index} of the original {contentHash} is missing (deleted while it was read?)");
            _chunkIndex = index;
        }
        var offset = (int)(_position - (long)index * chunkBytes);
        var count = Math.Min(buffer.Length, _chunk!.Length - offset);
        if (count <= 0) throw new IOException($"the original {contentHash} is shorter than its recorded length {length}");
        _chunk.AsMemory(offset, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
