using System.Security.Cryptography;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.State;

/// <summary>
/// The behaviour every <see cref="IOriginalFileStore"/> must show: what is saved reads back byte for byte, from any
/// position (range requests), across the pieces PostgreSQL keeps it in (64 KiB here, so a 200 KB file spans four).
/// </summary>
public abstract class OriginalsBehaviour(StateLocation location) : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return location.DisposeAsync();
    }

    private IOriginalFileStore Originals() =>
        location.Services(settings: new Dictionary<string, string?> { ["KnowledgeBase:Postgres:OriginalChunkBytes"] = "65536" })
            .GetRequiredService<IOriginalFileStore>();

    /// <summary>Deterministic bytes (a fixed seed), and their hash as ingest computes it.</summary>
    private static (byte[] Bytes, string Hash) File(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>A stream that hands out at most 1,000 bytes per read and cannot seek, as a network upload does.</summary>
    private sealed class Trickle(byte[] bytes) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 1000), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    [Fact]
    public async Task A_saved_original_reads_back_whole_from_another_process()
    {
        var (bytes, hash) = File(200_000, seed: 1);
        await Originals().SaveAsync(hash, ".PDF", new Trickle(bytes), Ct);

        await using var original = await Originals().OpenAsync(hash, Ct);
        Assert.NotNull(original);
        Assert.Equal((200_000L, ".pdf"), (original.Length, original.Extension));
        Assert.True(original.Content.CanSeek);
        Assert.Equal(bytes, await ReadAllAsync(original.Content));
    }

    [Fact]
    public async Task Any_byte_range_reads_back_exactly()
    {
        var (bytes, hash) = File(200_000, seed: 2);
        var originals = Originals();
        await originals.SaveAsync(hash, ".pdf", new MemoryStream(bytes), Ct);
        await using var original = (await originals.OpenAsync(hash, Ct))!;
        var stream = original.Content;
        foreach (var (start, length) in new[] { (130_000, 100), (65_530, 20), (0, 1), (199_990, 10), (65_536, 65_536), (150_000, 50_000) })
        {
            stream.Seek(start, SeekOrigin.Begin);
            var buffer = new byte[length];
            await stream.ReadExactlyAsync(buffer, Ct);
            Assert.Equal(bytes.AsSpan(start, length).ToArray(), buffer);
        }
        stream.Seek(-5, SeekOrigin.End);
        Assert.Equal(bytes[^5..], await ReadAllAsync(stream));
        Assert.Equal(0, await stream.ReadAsync(new byte[10], Ct));
    }

    [Fact]
    public async Task Saving_the_same_bytes_again_keeps_the_first_copy_and_empty_files_are_kept()
    {
        var originals = Originals();
        var (bytes, hash) = File(70_000, seed: 3);
        await originals.SaveAsync(hash, ".docx", new MemoryStream(bytes), Ct);
        await originals.SaveAsync(hash, ".bin", new MemoryStream(bytes), Ct);
        await using (var original = (await originals.OpenAsync(hash, Ct))!)
        {
            Assert.Equal(".docx", original.Extension);
            Assert.Equal(bytes, await ReadAllAsync(original.Content));
        }

        var (empty, emptyHash) = File(0, seed: 4);
        await originals.SaveAsync(emptyHash, "weird ext!", new MemoryStream(empty), Ct);
        await using var stored = (await originals.OpenAsync(emptyHash, Ct))!;
        Assert.Equal((0L, ".bin"), (stored.Length, stored.Extension));
        Assert.Empty(await ReadAllAsync(stored.Content));
    }

    [Fact]
    public async Task Originals_list_in_hash_order_and_delete()
    {
        var originals = Originals();
        var hashes = new List<string>();
        for (var seed = 10; seed < 13; seed++)
        {
            var (bytes, hash) = File(1000 + seed, seed);
            await originals.SaveAsync(hash, ".txt", new MemoryStream(bytes), Ct);
            hashes.Add(hash);
        }
        var listed = new List<string>();
        await foreach (var hash in Originals().ListAsync(Ct)) listed.Add(hash);
        Assert.Equal(hashes.Order(StringComparer.Ordinal), listed);

        Assert.True(await originals.DeleteAsync(hashes[1], Ct));
        Assert.False(await originals.DeleteAsync(hashes[1], Ct));
        Assert.Null(await Originals().OpenAsync(hashes[1], Ct));
        Assert.NotNull(await originals.OpenAsync(hashes[0], Ct));
        Assert.Null(await originals.OpenAsync(new string('0', 64), Ct));
    }

    [Fact]
    public async Task A_save_that_fails_midway_leaves_no_original()
    {
        var (bytes, hash) = File(150_000, seed: 5);
        var failing = new FailingAfter(new MemoryStream(bytes), 100_000);
        await Assert.ThrowsAsync<IOException>(() => Originals().SaveAsync(hash, ".pdf", failing, Ct));
        Assert.Null(await Originals().OpenAsync(hash, Ct));
        await Originals().SaveAsync(hash, ".pdf", new MemoryStream(bytes), Ct);
        await using var original = (await Originals().OpenAsync(hash, Ct))!;
        Assert.Equal(bytes, await ReadAllAsync(original.Content));
    }

    /// <summary>A stream whose source breaks after <paramref name="limit"/> bytes (a dropped upload).</summary>
    private sealed class FailingAfter(Stream inner, int limit) : Stream
    {
        private int _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= limit) throw new IOException("the connection was reset");
            var n = inner.Read(buffer, offset, Math.Min(count, limit - _read));
            _read += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
