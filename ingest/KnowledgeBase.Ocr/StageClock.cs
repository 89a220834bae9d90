using System.Diagnostics;

namespace KnowledgeBase.Ocr;

/// <summary>
/// Wall-clock and CPU time of the calling thread, lap by lap. The models run on the calling thread when given one
/// thread, so the CPU time is what a page costs on a free core even while other work shares the machine.
/// </summary>
internal sealed class StageClock
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpuStart = ThreadCpuClock.CurrentThread;
    private TimeSpan _lastWall;
    private TimeSpan _lastCpu;

    /// <summary>Time since the previous lap (or the start).</summary>
    public (TimeSpan Wall, TimeSpan Cpu) Lap()
    {
        var wall = _wall.Elapsed;
        var cpu = ThreadCpuClock.CurrentThread - _cpuStart;
        var lap = (wall - _lastWall, cpu - _lastCpu);
        _lastWall = wall;
        _lastCpu = cpu;
        return lap;
    }
}
