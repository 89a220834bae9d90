using System.Diagnostics;
using KnowledgeBase.Ocr;

namespace KnowledgeBase.Ingestion.Ocr;

/// <summary>
/// The time one page may take to be fetched and recognised, measured in CPU time of the thread that reads it. A page
/// costs a few CPU-seconds wherever it runs; in wall-clock time the same page can take minutes on a machine whose cores
/// are busy with other work, or while it waits for the engine another document holds, and a wall-clock limit would
/// then drop pages that are merely waiting. A timer watches the reading thread's clock and cancels <see cref="Token"/>
/// once the page has used <c>limit</c>; so that a starved machine still moves on, the page is also stopped after
/// <see cref="WallFactor"/> times the limit in wall-clock time. Where thread clocks cannot be read (not Linux) the
/// limit is wall-clock time.
/// </summary>
public sealed class PageTimeLimit : IDisposable
{
    /// <summary>Wall-clock time a page may take, as a multiple of its CPU limit, however busy the machine.</summary>
    public const int WallFactor = 10;

    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly ThreadCpuClock? _clock;
    private readonly TimeSpan _cpuStart;
    private readonly TimeSpan _limit;
    private readonly TimeSpan _wallLimit;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly CancellationTokenSource _cancellation;
    private readonly Timer? _watch;

    /// <summary>Starts the limit for a page read on the calling thread.</summary>
    public PageTimeLimit(TimeSpan limit, CancellationToken cancellationToken)
    {
        _limit = limit;
        _clock = ThreadCpuClock.ForCurrentThread();
        _cpuStart = _clock?.Elapsed ?? TimeSpan.Zero;
        _wallLimit = _clock is null ? limit : limit * WallFactor;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _cancellation.CancelAfter(_wallLimit);
        if (_clock is not null) _watch = new Timer(_ => Check(), null, TimeSpan.Zero, CheckInterval);
    }

    /// <summary>Cancelled when the page has used its time (or the caller's token is cancelled).</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>CPU time the reading thread has spent on the page (wall-clock time where thread clocks are not available).</summary>
    public TimeSpan Used => _clock is null ? _wall.Elapsed : _clock.Elapsed - _cpuStart;

    /// <summary>Whether the page has used its time, by either measure.</summary>
    public bool Exceeded => Used >= _limit || _wall.Elapsed >= _wallLimit;

    /// <summary>Why the page was stopped, for the ingest report (names the setting).</summary>
    public string Describe() =>
        _clock is not null && Used < _limit
            ? $"recognition waited longer than {_wallLimit} (machine too busy; {WallFactor} × KnowledgeBase:Ocr:PageTimeout of {_limit}), the page has no text"
            : $"recognition took longer than the limit of {_limit} {(_clock is null ? "" : "CPU time ")}(KnowledgeBase:Ocr:PageTimeout), the page has no text";

    private void Check()
    {
        try
        {
            if (Exceeded) _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The page finished between the timer firing and the check.
        }
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _cancellation.Dispose();
    }
}
