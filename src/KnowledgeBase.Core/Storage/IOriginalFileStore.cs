namespace KnowledgeBase.Storage;

/// <summary>A kept original opened for reading: a seekable stream (range requests), its length and the extension it was saved with.</summary>
public sealed record StoredOriginal(Stream Content, long Length, string Extension) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>
/// The original bytes of every ingested file, addressed by content hash, so a citation can link to the source after the
/// file moved and a document can be re-indexed without it. The embedded default keeps them as files in the data
/// directory; shared state keeps them in PostgreSQL so every API host serves the same files.
/// </summary>
public interface IOriginalFileStore
{
    /// <summary>
    /// Stores <paramref name="content"/> under its hash unless an original with that hash is already kept. Reads the stream
    /// to its end in pieces; a crash or cancellation leaves nothing half-written behind.
    /// </summary>
    Task SaveAsync(string contentHash, string extension, Stream content, CancellationToken cancellationToken = default);

    /// <summary>The original with this hash, or null when none is kept. The caller disposes it.</summary>
    Task<StoredOriginal?> OpenAsync(string contentHash, CancellationToken cancellationToken = default);

    /// <summary>Removes the original with this hash; false when none was kept.</summary>
    Task<bool> DeleteAsync(string contentHash, CancellationToken cancellationToken = default);

    /// <summary>Hashes of every kept original, in hash order (copying the store elsewhere).</summary>
    IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>The extension an original is kept with: its lower-cased extension when short and alphanumeric, else <c>.bin</c>.</summary>
public static class OriginalExtensions
{
    public static string Safe(string? extension)
    {
        var ext = (extension ?? "").ToLowerInvariant();
        return ext.Length is > 1 and <= 10 && ext[0] == '.' && ext.Skip(1).All(char.IsAsciiLetterOrDigit) ? ext : ".bin";
    }
}
