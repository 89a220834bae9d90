using System.ComponentModel;
using System.Diagnostics;
using KnowledgeBase.Ocr.Imaging;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Renders one PDF page to a grey image with poppler's <c>pdftoppm</c> (Debian package <c>poppler-utils</c>). No
/// renderer on NuGet is served here, and poppler is the renderer Linux desktops rely on. It is started without a
/// shell (arguments as a list), with a time limit after which it is killed, writing into a private temporary folder
/// that is always removed.
/// </summary>
internal sealed class PdfPageRenderer(string program, int dpi, TimeSpan timeout)
{
    /// <summary>Longest side of a rendered page in pixels; larger pages are scaled down to it.</summary>
    public const int MaxSide = 5000;

    public (GrayImage? Image, string Origin, string? Problem) Render(string pdfPath, int page, double pageWidthPt, double pageHeightPt, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("kb-render-");
        try
        {
            var prefix = Path.Combine(folder.FullName, "page");
            var start = new ProcessStartInfo(program)
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                CreateNoWindow = true,
            };
            var longSide = Math.Max(pageWidthPt, pageHeightPt) / 72 * dpi;
            foreach (var argument in new[] { "-f", $"{page}", "-l", $"{page}", "-gray", "-png", "-singlefile" }) start.ArgumentList.Add(argument);
            if (longSide > MaxSide)
            {
                start.ArgumentList.Add("-scale-to");
                start.ArgumentList.Add($"{MaxSide}");
            }
            else
            {
                start.ArgumentList.Add("-r");
                start.ArgumentList.Add($"{dpi}");
            }
            start.ArgumentList.Add(pdfPath);
            start.ArgumentList.Add(prefix);

            using var process = StartOrNull(start, out var notFound);
            if (process is null) return (null, "", notFound);
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                process.WaitForExitAsync(limit.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
                process.WaitForExit();
                cancellationToken.ThrowIfCancellationRequested();
                return (null, "", $"pdftoppm did not render the page within {timeout.TotalSeconds:F0} s");
            }
            if (process.ExitCode != 0)
            {
                var message = errors.IsCompletedSuccessfully ? errors.Result.Trim() : "";
                if (message.Length > 200) message = message[..200] + "…";
                return (null, "", $"pdftoppm failed (exit {process.ExitCode}){(message.Length > 0 ? ": " + message : "")}");
            }
            var output = prefix + ".png";
            if (!File.Exists(output)) return (null, "", "pdftoppm wrote no image");
            var image = ImageDecoder.TryDecode(File.ReadAllBytes(output));
            return image is null
                ? (null, "", "pdftoppm's image could not be decoded")
                : (image, longSide > MaxSide ? $"rendered by pdftoppm at {MaxSide} px" : $"rendered by pdftoppm at {dpi} dpi", null);
        }
        finally
        {
            try { folder.Delete(recursive: true); } catch (IOException) { /* best effort: the OS cleans its temp folder */ }
        }
    }

    private Process? StartOrNull(ProcessStartInfo start, out string? problem)
    {
        problem = null;
        try
        {
            return Process.Start(start) ?? throw new Win32Exception("not started");
        }
        catch (Win32Exception)
        {
            problem = $"the page must be rendered, and the renderer '{program}' is not installed (Debian package poppler-utils; KnowledgeBase:Ocr:Renderer)";
            return null;
        }
    }

    /// <summary>Whether the renderer can be started (for tests and start-up messages).</summary>
    public static bool IsAvailable(string program)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, "-v")
            {
                UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, CreateNoWindow = true,
            });
            if (process is null) return false;
            process.WaitForExit(10_000);
            return true;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
