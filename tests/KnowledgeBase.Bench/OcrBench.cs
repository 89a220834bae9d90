using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeBase.Ingestion.Ocr;
using KnowledgeBase.Ocr;
using KnowledgeBase.Ocr.Imaging;

namespace KnowledgeBase.Bench;

/// <summary>
/// OCR quality and speed on synthetic scans, beside Tesseract in the same run. Born-digital Chinese pages of the sample
/// PDFs are rendered by pdftoppm as grey JPEG (the scan), recognised by kb's OCR (the product's engine and page
/// assembly, one thread, in a child process so its peak memory is its own) and by Tesseract <c>chi_sim --psm 6</c>
/// (<c>OMP_THREAD_LIMIT=1</c>), page by page alternately so both see the same machine load, and compared with the
/// page's text layer (pdftotext, reading order of columns). Character error rate counts Han characters, digits and
/// Latin letters (<see cref="OcrScore"/>). CPU time is what a page costs an idle core; on a shared machine wall time
/// mostly measures waiting.
/// </summary>
internal static partial class OcrBench
{
    /// <summary>A page qualifies when its text layer holds at least this many countable characters…</summary>
    private const int MinCountable = 300;

    /// <summary>…of which at least this share are Han (formula and English pages are left out).</summary>
    private const double MinHanShare = 0.7;

    private const string PagePrefix = "PAGE ";
    private const string ReadyPrefix = "READY ";
    private const string EndPrefix = "END ";

    public static async Task<JsonObject?> RunAsync(BenchOptions o, string workDir, TextWriter output)
    {
        var folder = Path.Combine(o.Corpus, "pdf-zh");
        if (!Tool.Exists("pdftoppm") || !Tool.Exists("pdftotext"))
        {
            output.WriteLine("  skipped: pdftoppm/pdftotext not installed (Debian package poppler-utils)");
            return null;
        }
        if (!Directory.Exists(folder))
        {
            output.WriteLine($"  skipped: no {folder}");
            return null;
        }
        var tesseract = Tool.Exists("tesseract") && Tool.Run("tesseract", ["--list-langs"]).Output.Contains("chi_sim", StringComparison.Ordinal);
        if (!tesseract) output.WriteLine("  Tesseract with chi_sim is not installed (Debian packages tesseract-ocr, tesseract-ocr-chi-sim): kb only");

        var pages = SelectPages(folder, o.OcrPages);
        var scans = Path.Combine(workDir, "ocr-scans");
        Directory.CreateDirectory(scans);
        foreach (var page in pages) page.Image = Render(page, o.OcrDpi, scans);
        output.WriteLine($"  {pages.Count} pages ({string.Join(", ", pages.GroupBy(p => Path.GetFileName(p.Pdf)).Select(g => $"{g.Key} p. {string.Join(",", g.Select(p => p.Number))}"))}) at {o.OcrDpi} dpi, grey JPEG");

        using var worker = OcrWorkerClient.Start(o);
        var ours = new List<PageResult>();
        var theirs = new List<PageResult>();
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            // Alternate who goes first, so neither always meets a warm (or a cold) cache.
            if (i % 2 == 0 || !tesseract)
            {
                ours.Add(worker.Read(page));
                if (tesseract) theirs.Add(Tesseract(page));
            }
            else
            {
                theirs.Add(Tesseract(page));
                ours.Add(worker.Read(page));
            }
            var line = $"  [{i + 1}/{pages.Count}] {Path.GetFileName(page.Pdf)} p. {page.Number}: kb CER {ours[^1].Cer:P1} in {ours[^1].CpuSeconds:F1} CPU-s";
            if (tesseract) line += $" · Tesseract CER {theirs[^1].Cer:P1} in {theirs[^1].CpuSeconds:F1} CPU-s";
            output.WriteLine(line);
        }
        // Before the worker ends: afterwards its own peak would count among the finished children.
        var tesseractPeakMb = RusageChildren.PeakMb();
        var (loadSeconds, peakMb) = worker.Finish();

        var report = new JsonObject
        {
            ["pages"] = pages.Count,
            ["dpi"] = o.OcrDpi,
            ["referenceCharacters"] = pages.Sum(p => OcrScore.Countable(p.Reference).Length),
            ["kb"] = Summarise(ours, peakMb),
        };
        report["kb"]!["modelLoadSeconds"] = Math.Round(loadSeconds, 2);
        if (tesseract) report["tesseract"] = Summarise(theirs, tesseractPeakMb);
        report["loadAverage"] = Machine.LoadAverage();
        return report;
    }

    public static void Print(JsonNode r, TextWriter output)
    {
        var kb = r["kb"]!;
        output.WriteLine($"  kb (PP-OCRv4, ONNX Runtime, 1 thread): CER {kb["cerPercent"]} % (median page {kb["medianPageCerPercent"]} %) · {kb["cpuSecondsPerPage"]} CPU-s/page (median) = {kb["pagesPerCpuSecond"]} pages per CPU-second · wall {kb["wallSecondsPerPage"]} s/page · peak {kb["peakMb"]} MiB (models loaded in {kb["modelLoadSeconds"]} s)");
        if (r["tesseract"] is { } t)
            output.WriteLine($"  Tesseract chi_sim --psm 6 (OMP_THREAD_LIMIT=1): CER {t["cerPercent"]} % (median page {t["medianPageCerPercent"]} %) · {t["cpuSecondsPerPage"]} CPU-s/page (median) = {t["pagesPerCpuSecond"]} pages per CPU-second · wall {t["wallSecondsPerPage"]} s/page · peak {t["peakMb"]} MiB (largest child process)");
        output.WriteLine($"  {r["referenceCharacters"]} reference characters; load average {r["loadAverage"]}");
    }

    private static JsonObject Summarise(List<PageResult> results, double peakMb)
    {
        var errors = results.Sum(r => r.Errors);
        var length = results.Sum(r => r.Length);
        var cpu = Median(results.Select(r => r.CpuSeconds));
        return new JsonObject
        {
            ["cerPercent"] = Math.Round(100.0 * errors / Math.Max(1, length), 2),
            ["medianPageCerPercent"] = Math.Round(100 * Median(results.Select(r => r.Cer)), 2),
            ["cpuSecondsPerPage"] = Math.Round(cpu, 2),
            ["cpuSecondsTotal"] = Math.Round(results.Sum(r => r.CpuSeconds), 1),
            ["pagesPerCpuSecond"] = cpu == 0 ? 0 : Math.Round(1 / cpu, 3),
            ["wallSecondsPerPage"] = Math.Round(Median(results.Select(r => r.WallSeconds)), 2),
            ["peakMb"] = peakMb,
        };
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// Qualifying pages of every PDF in the folder, spread evenly over each document and shared out round-robin
    /// between documents, so no single book dominates; deterministic.
    /// </summary>
    internal static List<ScanPage> SelectPages(string folder, int count)
    {
        var perPdf = new List<List<ScanPage>>();
        foreach (var pdf in Directory.EnumerateFiles(folder, "*.pdf").Order(StringComparer.Ordinal))
        {
            var (exit, text) = Tool.Run("pdftotext", ["-enc", "UTF-8", pdf, "-"]);
            if (exit != 0) continue;
            var eligible = new List<ScanPage>();
            var pageTexts = text.Split('\f');
            for (var n = 0; n < pageTexts.Length; n++)
            {
                var countable = OcrScore.Countable(pageTexts[n]);
                if (countable.Length < MinCountable || countable.Count(OcrScore.IsHan) < MinHanShare * countable.Length) continue;
                eligible.Add(new ScanPage(pdf, n + 1, pageTexts[n]));
            }
            if (eligible.Count > 0) perPdf.Add(eligible);
        }
        var quota = new int[perPdf.Count];
        for (var taken = 0; taken < count && quota.Where((q, i) => q < perPdf[i].Count).Any();)
            for (var i = 0; i < perPdf.Count && taken < count; i++)
                if (quota[i] < perPdf[i].Count) { quota[i]++; taken++; }
        var chosen = new List<ScanPage>();
        for (var i = 0; i < perPdf.Count; i++)
            for (var k = 0; k < quota[i]; k++)
                chosen.Add(perPdf[i][(int)((k + 0.5) * perPdf[i].Count / quota[i])]);
        return chosen;
    }

    private static string Render(ScanPage page, int dpi, string folder)
    {
        var prefix = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(page.Pdf)}-p{page.Number}");
        var n = page.Number.ToString(CultureInfo.InvariantCulture);
        var (exit, _) = Tool.Run("pdftoppm", ["-f", n, "-l", n, "-r", dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-jpeg", "-jpegopt", "quality=85", "-singlefile", page.Pdf, prefix]);
        if (exit != 0) throw new InvalidOperationException($"pdftoppm could not render {page.Pdf} page {n}");
        return prefix + ".jpg";
    }

    private static PageResult Tesseract(ScanPage page)
    {
        var before = RusageChildren.CpuSeconds();
        var clock = Stopwatch.StartNew();
        var (exit, text) = Tool.Run("tesseract", [page.Image, "stdout", "-l", "chi_sim", "--psm", "6"], ("OMP_THREAD_LIMIT", "1"));
        var wall = clock.Elapsed.TotalSeconds;
        if (exit != 0) text = "";
        return PageResult.Of(page, text, RusageChildren.CpuSeconds() - before, wall);
    }

    /// <summary>The OCR child process: <c>--worker ocr</c> reads image paths from stdin and answers one line per page.</summary>
    public static async Task<int> WorkerAsync(TextReader input, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        using var engine = new OcrEngine(OcrModelFiles.Default, new OcrEngineOptions());
        await output.WriteLineAsync(ReadyPrefix + clock.Elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
        await output.FlushAsync();
        var process = Process.GetCurrentProcess();
        while (await input.ReadLineAsync() is { } path)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            clock.Restart();
            var image = ImageDecoder.TryDecode(File.ReadAllBytes(path)) ?? throw new InvalidDataException($"cannot decode {path}");
            var text = OcrTextAssembler.Assemble(1, engine.Read(image)).Text;
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            var result = new JsonObject { ["text"] = text, ["cpu"] = (process.TotalProcessorTime - cpu).TotalSeconds, ["wall"] = wall };
            await output.WriteLineAsync(PagePrefix + result.ToJsonString());
            await output.FlushAsync();
        }
        await output.WriteLineAsync(EndPrefix + Machine.PeakWorkingSetMb().ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }

    internal sealed record ScanPage(string Pdf, int Number, string Reference)
    {
        public string Image { get; set; } = "";
    }

    private sealed record PageResult(double Cer, int Errors, int Length, double CpuSeconds, double WallSeconds)
    {
        public static PageResult Of(ScanPage page, string text, double cpu, double wall)
        {
            var (errors, length) = OcrScore.Errors(page.Reference, text);
            return new PageResult(length == 0 ? 0 : (double)errors / length, errors, length, cpu, wall);
        }
    }

    /// <summary>The child process that holds kb's OCR engine for the whole run.</summary>
    private sealed class OcrWorkerClient : IDisposable
    {
        private readonly Process _process;
        private double _loadSeconds;

        private OcrWorkerClient(Process process) => _process = process;

        public static OcrWorkerClient Start(BenchOptions o)
        {
            var self = Environment.ProcessPath!;
            var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, StandardOutputEncoding = Encoding.UTF8 };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
            foreach (var a in new[] { "--worker", "ocr", "--corpus", o.Corpus, "--cache", o.CacheDirectory }) start.ArgumentList.Add(a);
            var client = new OcrWorkerClient(Process.Start(start)!);
            client._loadSeconds = double.Parse(client.Expect(ReadyPrefix), CultureInfo.InvariantCulture);
            return client;
        }

        public PageResult Read(ScanPage page)
        {
            _process.StandardInput.WriteLine(page.Image);
            _process.StandardInput.Flush();
            var result = JsonNode.Parse(Expect(PagePrefix))!;
            return PageResult.Of(page, (string)result["text"]!, (double)result["cpu"]!, (double)result["wall"]!);
        }

        public (double LoadSeconds, double PeakMb) Finish()
        {
            _process.StandardInput.Close();
            var peak = double.Parse(Expect(EndPrefix), CultureInfo.InvariantCulture);
            _process.WaitForExit();
            return (_loadSeconds, peak);
        }

        private string Expect(string prefix)
        {
            while (_process.StandardOutput.ReadLine() is { } line)
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..];
            throw new InvalidOperationException($"the OCR worker ended without '{prefix.Trim()}' (exit {(_process.HasExited ? _process.ExitCode : -1)})");
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill();
            _process.Dispose();
        }
    }

    /// <summary>Runs Debian tools without a shell.</summary>
    private static class Tool
    {
        public static bool Exists(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, name)));

        public static (int Exit, string Output) Run(string program, IEnumerable<string> arguments, params (string Name, string Value)[] environment)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
            foreach (var a in arguments) start.ArgumentList.Add(a);
            foreach (var (name, value) in environment) start.Environment[name] = value;
            try
            {
                using var process = Process.Start(start)!;
                var error = process.StandardError.ReadToEndAsync();
                var text = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                _ = error.Result;
                return (process.ExitCode, text);
            }
            catch (Win32Exception)
            {
                return (-1, "");
            }
        }
    }

    /// <summary>
    /// CPU time and peak memory of this process's finished children (getrusage RUSAGE_CHILDREN): exact for a tool run
    /// to completion, since nothing else ends meanwhile (the OCR worker lives until the end).
    /// </summary>
    private static partial class RusageChildren
    {
        private const int Children = -1;

        [StructLayout(LayoutKind.Sequential)]
        private unsafe struct Usage
        {
            public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds, MaxRssKb;
            private fixed long _rest[13];
        }

        [LibraryImport("libc", EntryPoint = "getrusage")]
        private static partial int GetRusage(int who, out Usage usage);

        public static double CpuSeconds() =>
            GetRusage(Children, out var u) == 0 ? u.UserSeconds + u.SystemSeconds + (u.UserMicroseconds + u.SystemMicroseconds) / 1e6 : 0;

        public static double PeakMb() => GetRusage(Children, out var u) == 0 ? Math.Round(u.MaxRssKb / 1024.0, 1) : 0;
    }
}
