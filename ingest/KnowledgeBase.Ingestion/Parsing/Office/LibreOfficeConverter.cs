using System.ComponentModel;
using System.Diagnostics;
using KnowledgeBase.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Converts office files no .NET library reads (Word 97-2003 .doc, WPS, RTF, OpenDocument) to DOCX with LibreOffice in
/// headless mode, one process per file: its own throw-away profile directory (<c>-env:UserInstallation</c>, so
/// conversions never share or lock a profile and run side by side), arguments passed as a list (no shell), a time
/// limit after which the whole process tree is killed, and every temporary file removed afterwards. When LibreOffice is
/// not installed the file fails with that reason and the package to install.
/// </summary>
public sealed class LibreOfficeConverter(IOptions<IngestOptions> options, ILogger<LibreOfficeConverter> logger)
{
    /// <summary>The Debian package that provides <c>soffice</c> for text documents.</summary>
    public const string DebianPackage = "libreoffice-writer-nogui";

    private static readonly string[] KnownLocations = ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice"];

    private readonly IngestOptions _options = options.Value;

    /// <summary>A converter with default settings and no logging (tools and tests).</summary>
    public LibreOfficeConverter() : this(Options.Create(new IngestOptions()), NullLogger<LibreOfficeConverter>.Instance) { }

    /// <summary>The soffice executable: the configured path, else the first on PATH or in the usual install folders; null when absent.</summary>
    public string? Executable => _executable.Value;

    private readonly Lazy<string?> _executable = new(() => Locate(options.Value.LibreOfficePath));

    internal static string? Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in new[] { "soffice", "libreoffice" })
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return KnownLocations.FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// The DOCX LibreOffice makes of <paramref name="content"/> (a <paramref name="kind"/> such as "legacy .doc", named in
    /// failure reasons). <paramref name="importFilter"/> names LibreOffice's import filter: without one, LibreOffice reads
    /// a file it does not recognise as plain text and "converts" binary garbage. Throws <see cref="UnreadableDocumentException"/>: Unsupported when LibreOffice is missing, Timeout
    /// past <see cref="IngestOptions.ConversionTimeout"/>, Corrupt when LibreOffice cannot read the file.
    /// </summary>
    public byte[] ConvertToDocx(ReadOnlyMemory<byte> content, string extension, string? importFilter, string kind, CancellationToken cancellationToken)
    {
        var soffice = Executable ?? throw new UnreadableDocumentException(FailureKind.Unsupported,
            $"{kind} needs LibreOffice to be converted, and it is not installed (Debian: apt-get install {DebianPackage}; or set KnowledgeBase:Ingest:LibreOfficePath)");
        var work = Directory.CreateTempSubdirectory("kb-soffice-");
        try
        {
            var input = Path.Combine(work.FullName, "in", "document" + extension);
            var output = Path.Combine(work.FullName, "out");
            Directory.CreateDirectory(Path.GetDirectoryName(input)!);
            Directory.CreateDirectory(output);
            File.WriteAllBytes(input, content.ToArray());

            var start = new ProcessStartInfo(soffice)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = work.FullName,
            };
            var arguments = new List<string>
            {
                "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                "-env:UserInstallation=" + new Uri(Path.Combine(work.FullName, "profile")).AbsoluteUri,
            };
            if (importFilter is not null) arguments.Add("--infilter=" + importFilter);
            arguments.AddRange(["--convert-to", "docx:MS Word 2007 XML", "--outdir", output, input]);
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            // LibreOffice writes caches under HOME even with its own profile; keep them inside the throw-away folder.
            start.Environment["HOME"] = work.FullName;

            var (exitCode, log) = Run(start, kind, cancellationToken);
            var converted = Path.Combine(output, "document.docx");
            if (!File.Exists(converted))
                throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt or unreadable {kind}: LibreOffice could not convert it (exit code {exitCode}{(log.Length > 0 ? ": " + log : "")})");
            return File.ReadAllBytes(converted);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not remove the conversion folder {Folder}", work.FullName);
            }
        }
    }

    private (int ExitCode, string Log) Run(ProcessStartInfo start, string kind, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new UnreadableDocumentException(FailureKind.Unsupported, $"{kind} needs LibreOffice, which could not be started ({e.Message})", e);
        }
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConversionTimeout);
        try
        {
            process.WaitForExitAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new UnreadableDocumentException(FailureKind.Timeout, $"LibreOffice took longer than {_options.ConversionTimeout.TotalSeconds:F0} s to convert the {kind}; it was stopped");
        }
        var log = (stderr.GetAwaiter().GetResult() + " " + stdout.GetAwaiter().GetResult()).ReplaceLineEndings(" ").Trim();
        return (process.ExitCode, log.Length > 300 ? log[..300] + "…" : log);
    }

    private void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in the meantime.
        }
        catch (Win32Exception e)
        {
            logger.LogWarning(e, "Could not stop LibreOffice (pid {Pid})", process.Id);
        }
    }
}
