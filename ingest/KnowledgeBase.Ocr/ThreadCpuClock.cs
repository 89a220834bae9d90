using System.Runtime.InteropServices;

namespace KnowledgeBase.Ocr;

/// <summary>
/// CPU time consumed by one thread (Linux <c>pthread_getcpuclockid</c> / <c>CLOCK_THREAD_CPUTIME_ID</c>). On a machine
/// whose cores are shared with other work, wall-clock time mostly measures waiting for a core; a thread's own CPU time
/// is what its work costs on a free core. A clock is bound to the thread that created it (<see cref="ForCurrentThread"/>)
/// and may be read from any thread, so a timer can watch a thread that is busy recognising a page.
/// </summary>
public sealed partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    private readonly int _clockId;

    private ThreadCpuClock(int clockId) => _clockId = clockId;

    /// <summary>Whether thread CPU clocks can be read here (Linux with glibc); elsewhere every reading is zero.</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && Probe();

    /// <summary>CPU time the calling thread has used so far; <see cref="TimeSpan.Zero"/> where the clock is not available.</summary>
    public static TimeSpan CurrentThread => Read(ClockThreadCpuTimeId);

    /// <summary>A clock of the calling thread that other threads can read; null where thread clocks are not available.</summary>
    public static ThreadCpuClock? ForCurrentThread() =>
        Available && GetCpuClockId(PthreadSelf(), out var id) == 0 ? new ThreadCpuClock(id) : null;

    /// <summary>CPU time the clock's thread has used so far (from any thread, while that thread lives).</summary>
    public TimeSpan Elapsed => Read(_clockId);

    private static TimeSpan Read(int clockId)
    {
        if (!Available || ClockGetTime(clockId, out var t) != 0) return TimeSpan.Zero;
        return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
    }

    private static bool Probe()
    {
        try { return ClockGetTime(ClockThreadCpuTimeId, out _) == 0 && GetCpuClockId(PthreadSelf(), out _) == 0; }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [LibraryImport("libc", EntryPoint = "pthread_self")]
    private static partial nuint PthreadSelf();

    [LibraryImport("libc", EntryPoint = "pthread_getcpuclockid")]
    private static partial int GetCpuClockId(nuint thread, out int clockId);
}
