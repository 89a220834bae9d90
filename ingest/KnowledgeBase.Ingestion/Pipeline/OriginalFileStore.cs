namespace KnowledgeBase.Ingestion.Pipeline;

/// <summary>
/// Keeps the original bytes of every ingested file, addressed by content hash, so a citation can link to the
/// source even after the file moved. Writes go to a temporary file first and are renamed into place,
/// so a crash never leaves a half-written original.
/// </summary>
public sealed class OriginalFileStore(string directory)
{
    /// <summary>Absolute, so a path handed out (to the API's file response, to re-indexing) means the same file everywhere.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    public string PathFor(string contentHash, string extension) =>
        Path.Combine(Directory, contentHash[..2], contentHash + SafeExtension(extension));

    public async Task SaveAsync(string contentHash, string extension, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = PathFor(contentHash, extension);
        if (File.Exists(path)) return;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The stored original for a hash, whatever extension it was saved with.</summary>
    public string? Find(string contentHash)
    {
        var folder = Path.Combine(Directory, contentHash[..2]);
        if (!System.IO.Directory.Exists(folder)) return null;
        return System.IO.Directory.EnumerateFiles(folder, contentHash + "*").FirstOrDefault(f => !f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    private static string SafeExtension(string extension)
    {
        var ext = extension.ToLowerInvariant();
        return ext.Length is > 1 and <= 10 && ext[0] == '.' && ext.Skip(1).All(char.IsAsciiLetterOrDigit) ? ext : ".bin";
    }
}
