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
/// Latin letters (<see cref="OcrScore"/>), line by line with text and formulas apart as well (<see cref="OcrLineScore"/>,
/// <see cref="FormulaGlyphs"/>). CPU time is what a page costs an idle core; on a shared machine wall time
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

        var pages = SelectPages(folder, o.OcrPages, output);
        var scans = Path.Combine(workDir, "ocr-scans");
        Directory.CreateDirectory(scans);
        foreach (var page in pages)
        {
            page.Image = Render(page, o.OcrDpi, scans);
            page.Glyphs = Glyphs(page, o.OcrDpi);
        }
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
            var line = $"  [{i + 1}/{pages.Count}] {Path.GetFileName(page.Pdf)} p. {page.Number} ({ours[^1].Edits.Length} chars): kb {ours[^1].Summary} in {ours[^1].CpuSeconds:F1} CPU-s";
            if (tesseract) line += $" · Tesseract {theirs[^1].Summary} in {theirs[^1].CpuSeconds:F1} CPU-s";
            output.WriteLine(line);
            if (o.OcrSave is { } save) Save(save, page, ours[^1], tesseract ? theirs[^1] : null);
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
        output.WriteLine($"  kb (PP-OCRv4, ONNX Runtime, 1 thread): CER {kb["cerPercent"]} % (median page {kb["medianPageCerPercent"]} %; text {kb["textCerPercent"]} %), line-matched {kb["lineCerPercent"]} % (median page {kb["medianPageLineCerPercent"]} %; text {kb["textLineCerPercent"]} %, formulas and symbols {kb["formulaLineCerPercent"]} % of {kb["formulaCharacters"]}; {kb["unscoredCharacters"]} characters read outside the text layer) · {kb["cpuSecondsPerPage"]} CPU-s/page (median) = {kb["pagesPerCpuSecond"]} pages per CPU-second · wall {kb["wallSecondsPerPage"]} s/page · peak {kb["peakMb"]} MiB (models loaded in {kb["modelLoadSeconds"]} s)");
        if (r["tesseract"] is { } t)
            output.WriteLine($"  Tesseract chi_sim --psm 6 (OMP_THREAD_LIMIT=1): CER {t["cerPercent"]} % (median page {t["medianPageCerPercent"]} %; text {t["textCerPercent"]} %), line-matched {t["lineCerPercent"]} % (median page {t["medianPageLineCerPercent"]} %; text {t["textLineCerPercent"]} %, formulas and symbols {t["formulaLineCerPercent"]} % of {t["formulaCharacters"]}; {t["unscoredCharacters"]} characters read outside the text layer) · {t["cpuSecondsPerPage"]} CPU-s/page (median) = {t["pagesPerCpuSecond"]} pages per CPU-second · wall {t["wallSecondsPerPage"]} s/page · peak {t["peakMb"]} MiB (largest child process)");
        output.WriteLine($"  {r["referenceCharacters"]} reference characters; load average {r["loadAverage"]}");
    }

    private static JsonObject Summarise(List<PageResult> results, double peakMb)
    {
        var edits = results.Aggregate(default(EditCounts), (sum, r) => sum + r.Edits);
        var lineEdits = results.Aggregate(default(EditCounts), (sum, r) => sum + r.Lines.Edits);
        var cpu = Median(results.Select(r => r.CpuSeconds));
        return new JsonObject
        {
            ["cerPercent"] = Math.Round(100.0 * edits.Errors / Math.Max(1, edits.Length), 2),
            ["substitutions"] = edits.Substitutions,
            ["insertions"] = edits.Insertions,
            ["deletions"] = edits.Deletions,
            ["medianPageCerPercent"] = Math.Round(100 * Median(results.Select(r => r.Cer)), 2),
            ["lineCerPercent"] = Math.Round(100.0 * lineEdits.Errors / Math.Max(1, lineEdits.Length), 2),
            ["lineSubstitutions"] = lineEdits.Substitutions,
            ["lineInsertions"] = lineEdits.Insertions,
            ["lineDeletions"] = lineEdits.Deletions,
            ["medianPageLineCerPercent"] = Math.Round(100 * Median(results.Select(r => r.LineCer)), 2),
            ["textCerPercent"] = Percent(results.Aggregate(default(EditCounts), (sum, r) => sum + r.TextEdits)),
            ["textLineCerPercent"] = Percent(results.Aggregate(default(EditCounts), (sum, r) => sum + r.Lines.Text)),
            ["formulaLineCerPercent"] = Percent(results.Aggregate(default(EditCounts), (sum, r) => sum + r.Lines.Formulas)),
            ["formulaCharacters"] = results.Sum(r => r.Lines.Formulas.Length),
            ["unscoredCharacters"] = results.Sum(r => r.Lines.Unscored),
            ["cpuSecondsPerPage"] = Math.Round(cpu, 2),
            ["cpuSecondsTotal"] = Math.Round(results.Sum(r => r.CpuSeconds), 1),
            ["pagesPerCpuSecond"] = cpu == 0 ? 0 : Math.Round(1 / cpu, 3),
            ["wallSecondsPerPage"] = Math.Round(Median(results.Select(r => r.WallSeconds)), 2),
            ["peakMb"] = peakMb,
        };
    }

    private static double Percent(EditCounts e) => Math.Round(100.0 * e.Errors / Math.Max(1, e.Length), 2);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// Qualifying pages of every PDF in the folder, spread evenly over each document and shared out round-robin
    /// between documents, so no single book dominates; deterministic.
    /// </summary>
    internal static List<ScanPage> SelectPages(string folder, int count, TextWriter output)
    {
        var perPdf = new List<List<ScanPage>>();
        var chineseFontInstalled = Tool.Run("fc-list", [":lang=zh", "family"]).Output.Trim().Length > 0;
        foreach (var pdf in Directory.EnumerateFiles(folder, "*.pdf").Order(StringComparer.Ordinal))
        {
            // A Chinese font the PDF does not embed is drawn with one of the machine's; without any, the "scan" shows
            // empty boxes where the text layer has characters, and both engines score near 100 %.
            if (!chineseFontInstalled && NeedsChineseFont(pdf))
            {
                output.WriteLine($"  left out {Path.GetFileName(pdf)}: it does not embed its Chinese fonts and no Chinese font is installed (Debian fonts-noto-cjk)");
                continue;
            }
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

    private static bool NeedsChineseFont(string pdf)
    {
        var (exit, listing) = Tool.Run("pdffonts", [pdf]);
        return exit == 0 && PdfFontListing.HasUnembeddedCidFont(listing);
    }

    private static string Render(ScanPage page, int dpi, string folder)
    {
        var prefix = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(page.Pdf)}-p{page.Number}");
        var n = page.Number.ToString(CultureInfo.InvariantCulture);
        var (exit, _) = Tool.Run("pdftoppm", ["-f", n, "-l", n, "-r", dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-jpeg", "-jpegopt", "quality=85", "-singlefile", page.Pdf, prefix]);
        if (exit != 0) throw new InvalidOperationException($"pdftoppm could not render {page.Pdf} page {n}");
        return prefix + ".jpg";
    }

    private static List<ReferenceChar> Glyphs(ScanPage page, int dpi)
    {
        var n = page.Number.ToString(CultureInfo.InvariantCulture);
        var (exit, xhtml) = Tool.Run("pdftotext", ["-f", n, "-l", n, "-bbox-layout", "-enc", "UTF-8", page.Pdf, "-"]);
        if (exit != 0) throw new InvalidOperationException($"pdftotext -bbox-layout failed on {page.Pdf} page {n}");
        var (_, fonts) = Tool.Run("pdffonts", ["-f", n, "-l", n, page.Pdf]);
        return FormulaGlyphs.Mark(TextLayerGlyphs.Parse(xhtml, dpi), page.Pdf, page.Number, dpi, PdfFontListing.UnmappedSymbolFonts(fonts));
    }

    private static PageResult Tesseract(ScanPage page)
    {
        var before = RusageChildren.CpuSeconds();
        var clock = Stopwatch.StartNew();
        var (exit, tsv) = Tool.Run("tesseract", [page.Image, "stdout", "-l", "chi_sim", "--psm", "6", "tsv"], ("OMP_THREAD_LIMIT", "1"));
        var wall = clock.Elapsed.TotalSeconds;
        var lines = exit == 0 ? TesseractTsv.Lines(tsv) : [];
        return PageResult.Of(page, string.Join('\n', lines.Select(l => l.Text)), lines, RusageChildren.CpuSeconds() - before, wall);
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
            var read = engine.Read(image);
            var text = OcrTextAssembler.Assemble(1, read).Text;
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            var lines = new JsonArray(read.Lines.Select(l => (JsonNode)new JsonArray(l.Text, l.Bounds.Left, l.Bounds.Top, l.Bounds.Right, l.Bounds.Bottom)).ToArray());
            var result = new JsonObject { ["text"] = text, ["lines"] = lines, ["cpu"] = (process.TotalProcessorTime - cpu).TotalSeconds, ["wall"] = wall };
            await output.WriteLineAsync(PagePrefix + result.ToJsonString());
            await output.FlushAsync();
        }
        await output.WriteLineAsync(EndPrefix + Machine.PeakWorkingSetMb().ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }

    internal sealed record ScanPage(string Pdf, int Number, string Reference)
    {
        public string Image { get; set; } = "";

        /// <summary>The text layer's countable characters with their positions on the scan.</summary>
        public IReadOnlyList<ReferenceChar> Glyphs { get; set; } = [];
    }

    /// <param name="TextEdits">The page CER's edits on text only: the page's reading against the text layer's characters
    /// in the order <c>pdftotext -bbox-layout</c> gives them, edits on formula characters left out.</param>
    private sealed record PageResult(string Text, EditCounts Edits, EditCounts TextEdits, LineScore Lines, double CpuSeconds, double WallSeconds)
    {
        public double Cer => Rate(Edits);

        public double LineCer => Rate(Lines.Edits);

        /// <summary>"CER 4.1 % (S 3 · I 10 · D 2), line-matched 1.2 % (S 3 · I 1 · D 2; 40 unscored)".</summary>
        public string Summary =>
            $"CER {Cer:P1} (S {Edits.Substitutions} · I {Edits.Insertions} · D {Edits.Deletions}), line-matched {LineCer:P1} " +
            $"(S {Lines.Edits.Substitutions} · I {Lines.Edits.Insertions} · D {Lines.Edits.Deletions}; text {Rate(Lines.Text):P1}, " +
            $"formulas {Lines.Formulas.Errors}/{Lines.Formulas.Length}; {Lines.Unscored} unscored)";

        public static PageResult Of(ScanPage page, string text, IReadOnlyList<ReadLine> lines, double cpu, double wall) =>
            new(text, OcrScore.Edits(page.Reference, text), PageTextEdits(page, text), OcrLineScore.Score(page.Glyphs, lines), cpu, wall);

        private static EditCounts PageTextEdits(ScanPage page, string text) =>
            OcrScore.AlignSplit(new string(page.Glyphs.Select(g => g.Value).ToArray()), OcrScore.Countable(text), i => page.Glyphs[i].Formula).Unmarked;

        private static double Rate(EditCounts e) => e.Length == 0 ? 0 : (double)e.Errors / e.Length;
    }

    /// <summary>Keeps a page's scan, reference and both readings side by side, for reading the errors behind a figure.</summary>
    private static void Save(string folder, ScanPage page, PageResult ours, PageResult? theirs)
    {
        Directory.CreateDirectory(folder);
        var name = Path.Combine(folder, Path.GetFileNameWithoutExtension(page.Image));
        File.Copy(page.Image, name + ".jpg", overwrite: true);
        File.WriteAllText(name + ".reference.txt", page.Reference);
        File.WriteAllText(name + ".kb.txt", ours.Text);
        if (theirs is not null) File.WriteAllText(name + ".tesseract.txt", theirs.Text);
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
            var lines = result["lines"]!.AsArray().Select(l => new ReadLine((string)l![0]!, (double)l[1]!, (double)l[2]!, (double)l[3]!, (double)l[4]!)).ToList();
            return PageResult.Of(page, (string)result["text"]!, lines, (double)result["cpu"]!, (double)result["wall"]!);
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
