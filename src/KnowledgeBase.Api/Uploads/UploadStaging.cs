using KnowledgeBase.Configuration;
using KnowledgeBase.Ingestion.Parsing;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api.Uploads;

/// <summary>
/// Keeps uploaded bytes durably under <c>DATA/staging/</c> (the queue's staging folder, which the ingest worker empties
/// once a job has ended) until the worker has read them. The file on disk
/// gets a generated name (time stamp, random id, an extension chosen from the sniffed format), so nothing the
/// client sent reaches the file system path.
/// </summary>
public sealed class UploadStaging(IOptions<KnowledgeBaseOptions> options)
{
    public string StagingDirectory { get; } = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "staging");

    /// <summary>Writes the bytes to a temporary file, flushes them to disk and renames them into place.</summary>
    public async Task<string> StageAsync(ReadOnlyMemory<byte> content, FileFormat format, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(StagingDirectory);
        var name = $"{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}{format.Extension()}";
        var path = Path.Combine(StagingDirectory, name);
        var temp = path + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, cancellationToken);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path);
        return path;
    }

    /// <summary>Copies a stored original into the staging folder for a re-index job (the worker may remove staged files).</summary>
    public async Task<string> StageCopyAsync(Stream original, string extension, CancellationToken cancellationToken)
    {
        using var bytes = new MemoryStream();
        await original.CopyToAsync(bytes, cancellationToken);
        var content = bytes.GetBuffer().AsMemory(0, (int)bytes.Length);
        return await StageAsync(content, FormatSniffer.Detect(content.Span, "original" + extension), cancellationToken);
    }
}
