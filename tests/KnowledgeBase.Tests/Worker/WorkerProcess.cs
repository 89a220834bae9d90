using System.Diagnostics;
using System.Text;

namespace KnowledgeBase.Tests.Worker;

/// <summary>
/// The real ingest worker executable (KnowledgeBase.Ingest) as a child process. The test project references the
/// worker project, so its build sits beside the tests; <c>KB_WORKER_DLL</c> points at another build (e.g. Release).
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private long _peakHwmKiB;

    private WorkerProcess(Process process) => _process = process;

    public static string Dll()
    {
        var configured = Environment.GetEnvironmentVariable("KB_WORKER_DLL");
        if (!string.IsNullOrEmpty(configured)) return configured;
        var beside = Path.Combine(AppContext.BaseDirectory, "KnowledgeBase.Ingest.dll");
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))) return beside;
        throw new InvalidOperationException($"KnowledgeBase.Ingest.dll (with its runtimeconfig) not found beside the tests in {AppContext.BaseDirectory}; set KB_WORKER_DLL");
    }

    public static WorkerProcess Start(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll());
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (worker._errors) worker._errors.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return worker;
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Log
    {
        get { lock (_errors) return _errors.ToString(); }
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like <c>kill -9</c> or a power cut for the process.</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        _process.WaitForExit();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Reads VmHWM (peak resident set) from /proc while the process lives; keeps the largest value seen.</summary>
    public long SamplePeakKiB()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kib = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                if (kib > _peakHwmKiB) _peakHwmKiB = kib;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process has just exited.
        }
        return _peakHwmKiB;
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
