using System.Runtime.CompilerServices;

namespace KnowledgeBase.Storage.Embedded.Originals;

/// <summary>
/// Kept originals as files in the data directory (<c>DATA/files/ab/abcd….pdf</c>, named by content hash). A file is
/// written under a temporary name and renamed into place, so a crash never leaves a half-written original.
/// </summary>
public sealed class FileOriginalStore(string directory) : IOriginalFileStore
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task SaveAsync(string contentHash, string extension, Stream content, CancellationToken cancellationToken = default)
    {
        if (Find(contentHash) is not null) return;
        var path = Path.Combine(Directory, contentHash[..2], contentHash + OriginalExtensions.Safe(extension));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public Task<StoredOriginal?> OpenAsync(string contentHash, CancellationToken cancellationToken = default)
    {
        if (Find(contentHash) is not { } path) return Task.FromResult<StoredOriginal?>(null);
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous);
            return Task.FromResult<StoredOriginal?>(new StoredOriginal(stream, stream.Length, Path.GetExtension(path)));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<StoredOriginal?>(null);
        }
    }

    public Task<bool> DeleteAsync(string contentHash, CancellationToken cancellationToken = default)
    {
        if (Find(contentHash) is not { } path) return Task.FromResult(false);
        File.Delete(path);
        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<string> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!System.IO.Directory.Exists(Directory)) yield break;
        var hashes = System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal);
        foreach (var hash in hashes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return hash;
        }
        await Task.CompletedTask;
    }

    /// <summary>The stored file for a hash, whatever extension it was saved with.</summary>
    private string? Find(string contentHash)
    {
        if (contentHash.Length < 2 || contentHash.Any(c => !char.IsAsciiLetterOrDigit(c))) return null;
        var folder = Path.Combine(Directory, contentHash[..2]);
        if (!System.IO.Directory.Exists(folder)) return null;
        return System.IO.Directory.EnumerateFiles(folder, contentHash + ".*").FirstOrDefault(f => !f.EndsWith(".tmp", StringComparison.Ordinal));
    }
}
