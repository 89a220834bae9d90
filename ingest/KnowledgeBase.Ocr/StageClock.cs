using System.Diagnostics;
using System.Runtime.InteropServices;

namespace KnowledgeBase.Ocr;

/// <summary>
/// Wall-clock and CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>; zero elsewhere). The models
/// run on the calling thread when given one thread, so the CPU time is what a page costs on a free core even while
/// other work shares the machine.
/// </summary>
internal sealed partial class StageClock
{
    private const int ClockThreadCpuTimeId = 3;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly double _cpuStart = ThreadCpuMs();
    private TimeSpan _lastWall;
    private double _lastCpu;

    /// <summary>Time since the previous lap (or the start).</summary>
    public (TimeSpan Wall, TimeSpan Cpu) Lap()
    {
        var wall = _wall.Elapsed;
        var cpu = ThreadCpuMs() - _cpuStart;
        var lap = (wall - _lastWall, TimeSpan.FromMilliseconds(cpu - _lastCpu));
        _lastWall = wall;
        _lastCpu = cpu;
        return lap;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    private static readonly bool Available = OperatingSystem.IsLinux() && Probe();

    private static bool Probe()
    {
        try { return ClockGetTime(ClockThreadCpuTimeId, out _) == 0; }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    private static double ThreadCpuMs() =>
        Available && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0 ? t.Seconds * 1000.0 + t.Nanoseconds / 1e6 : 0;
}
