using System.Runtime.InteropServices;

namespace KnowledgeBase.Bench;

/// <summary>
/// CPU time consumed by the calling thread (Linux CLOCK_THREAD_CPUTIME_ID). On a machine whose cores are shared with
/// other work, wall-clock latency mostly measures waiting for a core; the thread's own CPU time is what a query would
/// take on an idle core. Both engines answer synchronously on the calling thread, so this covers their whole query.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static bool Available { get; } = OperatingSystem.IsLinux() && Probe();

    private static bool Probe()
    {
        try { return ClockGetTime(ClockThreadCpuTimeId, out _) == 0; }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    /// <summary>Milliseconds of CPU this thread has used; 0 where the clock is not available.</summary>
    public static double NowMs()
    {
        if (!Available || ClockGetTime(ClockThreadCpuTimeId, out var t) != 0) return 0;
        return t.Seconds * 1000.0 + t.Nanoseconds / 1e6;
    }
}
