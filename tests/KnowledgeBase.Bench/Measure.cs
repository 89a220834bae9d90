using System.Diagnostics;
using System.Globalization;

namespace KnowledgeBase.Bench;

/// <summary>Latency percentiles of a set of timings (nearest-rank).</summary>
internal sealed record Latency(int Count, double MeanMs, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static Latency Of(IReadOnlyCollection<double> ms)
    {
        if (ms.Count == 0) return new Latency(0, 0, 0, 0, 0, 0);
        var sorted = ms.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Latency(sorted.Length, Math.Round(sorted.Average(), 3), Math.Round(At(0.50), 3), Math.Round(At(0.95), 3), Math.Round(At(0.99), 3), Math.Round(sorted[^1], 3));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50Ms:F1} ms, p95 {P95Ms:F1} ms, p99 {P99Ms:F1} ms (mean {MeanMs:F1}, max {MaxMs:F1}, n={Count})");
}

/// <summary>Process and machine facts.</summary>
internal static class Machine
{
    /// <summary>Peak resident set of this process (VmHWM), in MiB.</summary>
    public static double PeakWorkingSetMb()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return Math.Round(double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024, 1);
        }
        catch (IOException) { }
        return Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1);
    }

    public static string Describe()
    {
        var cpu = "unknown CPU";
        var memory = "";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
            var kb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            memory = $", {double.Parse(kb, CultureInfo.InvariantCulture) / 1048576:F1} GiB RAM";
        }
        catch (IOException) { }
        return $"{Environment.ProcessorCount} cores, {cpu}{memory}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    /// <summary>The 1/5/15-minute load averages: on a shared machine they say how much the figures can be trusted.</summary>
    public static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    public static long DirectoryBytes(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    public static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);
}
