namespace KnowledgeBase.Ingestion.Worker;

/// <summary>
/// Watches the process working set while one file is processed and cancels that file's work when it passes the
/// ceiling, so one hostile file (a PDF that expands into gigabytes of objects) ends as a failed job instead of the
/// operating system killing the worker. Parsers observe the cancellation between pages; the ingest host also sets
/// a GC heap hard limit as a backstop, which turns runaway allocation into an <see cref="OutOfMemoryException"/>.
/// </summary>
public sealed class MemoryGuard : IAsyncDisposable
{
    private readonly CancellationTokenSource _tripped = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    private MemoryGuard(long limitBytes, TimeSpan interval)
    {
        LimitBytes = limitBytes;
        if (limitBytes <= 0)
        {
            _loop = Task.CompletedTask;
            return;
        }
        // The first look is synchronous: a worker already over its ceiling does not start a file.
        if (Over(collect: true)) _tripped.Cancel();
        _loop = _tripped.IsCancellationRequested ? Task.CompletedTask : Task.Run(() => WatchAsync(interval));
    }

    /// <summary>Starts watching; a limit of 0 or less never trips.</summary>
    public static MemoryGuard Start(int limitMiB, TimeSpan interval) => new(limitMiB * 1024L * 1024L, interval);

    public long LimitBytes { get; }

    /// <summary>Cancelled when the working set passed the limit.</summary>
    public CancellationToken Token => _tripped.Token;

    public bool Tripped => _tripped.IsCancellationRequested;

    /// <summary>Largest working set seen while watching, in bytes.</summary>
    public long PeakBytes => Interlocked.Read(ref _peak);

    private async Task WatchAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (!Over(collect: true)) continue;
                await _tripped.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private bool Over(bool collect)
    {
        var workingSet = Environment.WorkingSet;
        if (workingSet > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, workingSet);
        if (workingSet <= LimitBytes) return false;
        if (!collect) return true;
        // Garbage that has not been collected yet is not a reason to give up on a file.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return Environment.WorkingSet > LimitBytes;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _tripped.Dispose();
    }
}
