using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeBase.Tests.Processes;

/// <summary>
/// The real API executable (KnowledgeBase.Api, built beside the tests) as a child process, started the way a user
/// starts it: in a working directory of the test's choosing, with the test's arguments, on a free loopback port. The
/// address comes from the host's own "Now listening on:" line, so a test also sees what a person reading the console
/// would find.
/// </summary>
public sealed partial class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ApiProcess(Process process) => _process = process;

    public Uri Address { get; private set; } = null!;

    /// <summary>Everything the process wrote to stdout and stderr so far, in order of arrival.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Thrown when the process ends before it listens; carries its exit code and console output.</summary>
    public sealed class ExitedException(int exitCode, string output)
        : Exception($"the API exited with code {exitCode} before listening:\n{output}")
    {
        public int ExitCode { get; } = exitCode;
        public string Output { get; } = output;
    }

    /// <summary><c>kb serve</c>, the same host started by the CLI, as the README's first command starts it.</summary>
    public static Task<ApiProcess> StartKbServeAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        StartAsync(workingDirectory, ["serve", .. arguments], cancellationToken, program: "kb.dll");

    public static async Task<ApiProcess> StartAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken,
        IDictionary<string, string>? environment = null, string program = "KnowledgeBase.Api.dll")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var api = new ApiProcess(new Process { StartInfo = start });
        api._process.OutputDataReceived += (_, e) => api.Receive(e.Data);
        api._process.ErrorDataReceived += (_, e) => api.Receive(e.Data);
        api._process.Start();
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();
        try
        {
            // WaitForExitAsync also waits for the redirected output to be read to its end, so an early exit's message is complete.
            var exited = api._process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(api._listening.Task, exited).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            if (first == exited)
            {
                await exited;
                throw new ExitedException(api._process.ExitCode, api.Output);
            }
            api.Address = await api._listening.Task;
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private void Receive(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } match) _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s""]+)")]
    private static partial Regex ListeningLine();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
