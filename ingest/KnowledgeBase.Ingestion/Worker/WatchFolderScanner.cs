using System.Security.Cryptography;
using KnowledgeBase.Jobs;
using KnowledgeBase.Model;
using KnowledgeBase.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Ingestion.Worker;

/// <summary>What one pass over the watch folders did.</summary>
/// <param name="Enqueued">Files handed to the queue whose job waits for a worker (new, or queued earlier and not yet tried).</param>
/// <param name="Settling">Files still being written (size or time changed recently); looked at again shortly.</param>
/// <param name="Removed">Sources forgotten because their file was deleted (only with <see cref="IngestWorkerOptions.RemoveDeletedFiles"/>).</param>
public sealed record ScanResult(int Enqueued, int Settling, int Removed);

/// <summary>
/// Keeps inbox folders in step with the queue. A file is enqueued once it is stable (size and modification time
/// unchanged for <see cref="IngestWorkerOptions.WatchStableFor"/>), with its content hash, so the queue adds no second
/// job for the same path and bytes — rescans and restarts are free. Changed bytes make a new job (the pipeline replaces
/// the old passages); deleted files are optionally removed. A <see cref="FileSystemWatcher"/> triggers rescans early;
/// the periodic full rescan is what guarantees nothing is missed.
/// </summary>
public sealed class WatchFolderScanner(
    IIngestQueue queue,
    IIngestLedger ledger,
    IKnowledgeStore store,
    IOptions<IngestWorkerOptions> options,
    ILogger<WatchFolderScanner> logger,
    TimeProvider? clock = null)
{
    private readonly IngestWorkerOptions _options = options.Value;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Dictionary<string, (long Size, DateTime Modified, DateTimeOffset Seen)> _settling = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Size, DateTime Modified)> _enqueued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unopenable = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Folders { get; } = options.Value.WatchFolders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f))).ToList();

    /// <summary>One pass over every watch folder.</summary>
    public async Task<ScanResult> ScanAsync(CancellationToken cancellationToken)
    {
        int enqueued = 0, settling = 0, removed = 0;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in Folders)
        {
            if (!Directory.Exists(folder))
            {
                logger.LogWarning("Watch folder {Folder} does not exist", folder);
                continue;
            }
            foreach (var path in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden }))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (IsTemporary(path)) continue;
                present.Add(path);
                switch (await ConsiderAsync(path, cancellationToken))
                {
                    case Decision.Enqueued: enqueued++; break;
                    case Decision.Settling: settling++; break;
                }
            }
            if (_options.RemoveDeletedFiles) removed += await RemoveDeletedAsync(folder, cancellationToken);
        }
        foreach (var gone in _enqueued.Keys.Where(k => !present.Contains(k)).ToList()) _enqueued.Remove(gone);
        foreach (var gone in _settling.Keys.Where(k => !present.Contains(k)).ToList()) _settling.Remove(gone);
        if (enqueued > 0 || removed > 0) logger.LogInformation("Watch folders: {Enqueued} files enqueued, {Settling} still settling, {Removed} removed", enqueued, settling, removed);
        return new ScanResult(enqueued, settling, removed);
    }

    /// <summary>
    /// Scans until cancelled: at once, after file-system events (debounced), shortly after when files are settling,
    /// and every <see cref="IngestWorkerOptions.WatchRescanInterval"/> regardless. <paramref name="onEnqueued"/> wakes the workers.
    /// </summary>
    public async Task RunAsync(Action onEnqueued, CancellationToken cancellationToken)
    {
        using var changed = new SemaphoreSlim(0, 1);
        void Signal()
        {
            try { if (changed.CurrentCount == 0) changed.Release(); }
            catch (SemaphoreFullException) { }
            catch (ObjectDisposedException) { }
        }
        var watchers = Folders.Where(Directory.Exists).Select(folder =>
        {
            var watcher = new FileSystemWatcher(folder)
            {
                IncludeSubdirectories = true,
                InternalBufferSize = 64 * 1024,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
            };
            watcher.Created += (_, _) => Signal();
            watcher.Changed += (_, _) => Signal();
            watcher.Deleted += (_, _) => Signal();
            watcher.Renamed += (_, _) => Signal();
            watcher.Error += (_, e) => { logger.LogWarning(e.GetException(), "File system watcher error; relying on rescans"); Signal(); };
            watcher.EnableRaisingEvents = true;
            return watcher;
        }).ToList();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var result = await ScanAsync(cancellationToken);
                    if (result.Enqueued > 0) onEnqueued();
                    var wait = result.Settling > 0 ? _options.WatchStableFor : _options.WatchRescanInterval;
                    if (await changed.WaitAsync(wait, cancellationToken))
                        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(500, _options.WatchStableFor.TotalMilliseconds)), cancellationToken); // let a burst of events settle
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Watch folder scan failed; retrying after {Delay}", _options.WatchRescanInterval);
                    await Task.Delay(_options.WatchRescanInterval, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }
        finally
        {
            foreach (var watcher in watchers) watcher.Dispose();
        }
    }

    private enum Decision { Skipped, Settling, Enqueued }

    private async Task<Decision> ConsiderAsync(string path, CancellationToken cancellationToken)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
            {
                // Listed but not openable under the decoded name: typically a file name that is not valid UTF-8.
                if (_unopenable.Add(path)) logger.LogWarning("Watch folder: cannot open {Path} (file name not valid UTF-8?); rename the file to ingest it", path);
                return Decision.Skipped;
            }
        }
        catch (IOException)
        {
            return Decision.Skipped;
        }
        var size = info.Length;
        var modified = info.LastWriteTimeUtc;
        if (_enqueued.TryGetValue(path, out var last) && last.Size == size && last.Modified == modified) return Decision.Skipped;

        var now = _clock.GetUtcNow();
        var quietFor = now - new DateTimeOffset(modified, TimeSpan.Zero);
        var stable = quietFor >= _options.WatchStableFor
                     || (_settling.TryGetValue(path, out var seen) && seen.Size == size && seen.Modified == modified && now - seen.Seen >= _options.WatchStableFor);
        if (!stable)
        {
            if (!_settling.TryGetValue(path, out var previous) || previous.Size != size || previous.Modified != modified)
                _settling[path] = (size, modified, now);
            return Decision.Settling;
        }

        string hash;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }
        catch (UnauthorizedAccessException)
        {
            // Not a passing state: enqueue it anyway (keyed by size and time) so the job fails with a reason people see in kb status.
            hash = $"unreadable-{size}-{modified.Ticks}";
        }
        catch (IOException e)
        {
            // Still locked by the writer, or vanished: look again next pass.
            logger.LogDebug("Watch folder: cannot read {Path} yet: {Message}", path, e.Message);
            return Decision.Settling;
        }
        _settling.Remove(path);
        var job = await queue.EnqueueAsync(new IngestJobRequest(path, path, new DocumentMetadata(), SubmittedBy: "watch-folder", ContentHash: hash), cancellationToken);
        _enqueued[path] = (size, modified);
        // A job that is done, failed or running already covers these bytes; a queued, untried one is (again) waiting for a worker.
        return job.State == JobState.Queued && job.Attempts == 0 ? Decision.Enqueued : Decision.Skipped;
    }

    private async Task<int> RemoveDeletedAsync(string folder, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var source in await queue.GetCompletedSourcesAsync(folder + Path.DirectorySeparatorChar, cancellationToken))
        {
            if (File.Exists(source)) continue;
            var documentId = await ledger.RemoveSourceAsync(source, cancellationToken);
            if (documentId is not null && (await ledger.GetSourcesAsync(documentId, cancellationToken)).Count == 0)
                await store.DeleteAsync(documentId, cancellationToken);
            await queue.ForgetSourceAsync(source, cancellationToken);
            logger.LogInformation("Watch folder: {Source} was deleted; removed its source{Document}", source,
                documentId is null ? "" : $" (document {documentId})");
            removed++;
        }
        return removed;
    }

    /// <summary>Partial downloads and editor lock files are never ingested.</summary>
    private static bool IsTemporary(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith('.') || name.StartsWith("~$", StringComparison.Ordinal)
               || name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".part", StringComparison.OrdinalIgnoreCase)
               || name.EndsWith(".crdownload", StringComparison.OrdinalIgnoreCase) || name.EndsWith('~');
    }
}
