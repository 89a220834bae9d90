using System.Diagnostics;
using KnowledgeBase.Ingestion.Ocr;
using KnowledgeBase.Ocr;

namespace KnowledgeBase.Tests.Ocr;

/// <summary>
/// The per-page OCR limit counts the CPU time of the reading thread: a page that waits (for a core, for the engine)
/// keeps its time, a page that computes past the limit is stopped.
/// </summary>
public sealed class PageTimeLimitTests
{
    [Fact]
    public void A_page_that_only_waits_keeps_its_time()
    {
        Assert.SkipUnless(ThreadCpuClock.Available, "thread CPU clocks are read on Linux only");
        using var limit = new PageTimeLimit(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        // Waiting uses no CPU: past the limit in wall-clock time, far from it in CPU time (a wall-clock limit stopped
        // such pages on a busy machine). The wall-clock backstop is ten times the limit.
        Thread.Sleep(TimeSpan.FromSeconds(1.5));

        Assert.False(limit.Token.IsCancellationRequested);
        Assert.False(limit.Exceeded);
        Assert.True(limit.Used < TimeSpan.FromSeconds(0.5), $"used {limit.Used}");
    }

    [Fact]
    public void A_page_that_computes_past_its_limit_is_stopped_and_the_reason_names_cpu_time_and_the_setting()
    {
        Assert.SkipUnless(ThreadCpuClock.Available, "thread CPU clocks are read on Linux only");
        using var limit = new PageTimeLimit(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);

        var wall = Stopwatch.StartNew();
        var spins = 0L;
        while (!limit.Token.IsCancellationRequested && wall.Elapsed < TimeSpan.FromMinutes(1)) spins++;

        Assert.True(limit.Token.IsCancellationRequested, $"not stopped after {wall.Elapsed} ({spins} spins, {limit.Used} CPU)");
        Assert.True(limit.Exceeded);
        Assert.True(limit.Used >= TimeSpan.FromMilliseconds(200), $"stopped after only {limit.Used} of CPU time");
        Assert.Contains("CPU time", limit.Describe());
        Assert.Contains("KnowledgeBase:Ocr:PageTimeout", limit.Describe());
    }

    [Fact]
    public void The_callers_cancellation_still_stops_the_page()
    {
        using var caller = new CancellationTokenSource();
        using var limit = new PageTimeLimit(TimeSpan.FromMinutes(3), caller.Token);

        caller.Cancel();

        Assert.True(limit.Token.IsCancellationRequested);
        Assert.False(limit.Exceeded);
    }

    [Fact]
    public void A_thread_clock_is_read_from_another_thread()
    {
        Assert.SkipUnless(ThreadCpuClock.Available, "thread CPU clocks are read on Linux only");
        ThreadCpuClock? clock = null;
        using var computed = new ManualResetEventSlim();
        using var read = new ManualResetEventSlim();
        var worker = new Thread(() =>
        {
            Volatile.Write(ref clock, ThreadCpuClock.ForCurrentThread());
            var wall = Stopwatch.StartNew();
            while (ThreadCpuClock.CurrentThread < TimeSpan.FromMilliseconds(150) && wall.Elapsed < TimeSpan.FromMinutes(1)) { }
            computed.Set();
            read.Wait(TimeSpan.FromMinutes(1)); // the clock is readable while its thread lives
        });
        worker.Start();
        Assert.True(computed.Wait(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));

        var elapsed = Volatile.Read(ref clock)?.Elapsed;
        read.Set();
        worker.Join();

        Assert.NotNull(elapsed);
        Assert.InRange(elapsed.Value, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(30));
    }
}
