using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Ingestion.Pipeline;
using KnowledgeBase.Text;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Bench;

/// <summary>PDF extraction (ours against pdftotext), tokenisation speed, and end-to-end ingest (ours against pdftotext + Lucene).</summary>
internal static class ParseAndIngestBench
{
    public static IReadOnlyList<string> Pdfs(string corpus) =>
        new[] { "pdf-zh", "pdf-en" }.Select(d => Path.Combine(corpus, d)).Where(System.IO.Directory.Exists)
            .SelectMany(d => System.IO.Directory.GetFiles(d, "*.pdf").Order(StringComparer.Ordinal)).ToList();

    public static IReadOnlyList<string> TextFiles(string corpus) =>
        System.IO.Directory.GetFiles(corpus, "*.txt").Order(StringComparer.Ordinal)
            .Concat(System.IO.Directory.Exists(Path.Combine(corpus, "regulations")) ? System.IO.Directory.GetFiles(Path.Combine(corpus, "regulations"), "*.md").Order(StringComparer.Ordinal) : [])
            .ToList();

    /// <summary>Page count as poppler sees it.</summary>
    public static int PdfInfoPages(string pdf)
    {
        var output = RunTool("pdfinfo", pdf).Output;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return line is null ? 0 : int.Parse(line[6..].Trim(), CultureInfo.InvariantCulture);
    }

    public static (string Output, int ExitCode) RunTool(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = stderr.Result;
        return (output, process.ExitCode);
    }

    public static bool HasTool(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>pdftotext and our PDF parser over the same files, each timed on its second pass (files cached, code warm).</summary>
    public static JsonObject Parsing(IReadOnlyList<string> pdfs, IDocumentParser? parser, string parserLabel)
    {
        var result = new JsonObject { ["pdfs"] = pdfs.Count };
        if (!HasTool("pdftotext") || !HasTool("pdfinfo"))
        {
            result["pdftotext"] = "unavailable: install poppler-utils (apt-get install -y poppler-utils)";
        }
        else
        {
            var pages = pdfs.Sum(PdfInfoPages);
            double seconds = 0;
            long chars = 0;
            for (var pass = 0; pass < 2; pass++)
            {
                var clock = Stopwatch.StartNew();
                chars = 0;
                foreach (var pdf in pdfs) chars += RunTool("pdftotext", "-enc", "UTF-8", pdf, "-").Output.Length;
                seconds = clock.Elapsed.TotalSeconds;
            }
            result["pages"] = pages;
            result["pdftotextSeconds"] = Math.Round(seconds, 3);
            result["pdftotextPagesPerSec"] = Math.Round(pages / seconds, 1);
            result["pdftotextChars"] = chars;
        }

        result["parser"] = parserLabel;
        if (parser is not null)
        {
            double seconds = 0;
            int pages = 0;
            long chars = 0;
            var failures = new List<string>();
            for (var pass = 0; pass < 2; pass++)
            {
                pages = 0; chars = 0; failures.Clear();
                var clock = Stopwatch.StartNew();
                foreach (var pdf in pdfs)
                {
                    try
                    {
                        var parsed = parser.Parse(File.ReadAllBytes(pdf), Path.GetFileName(pdf), CancellationToken.None);
                        pages += parsed.Pages.Count;
                        chars += parsed.CharacterCount;
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        failures.Add($"{Path.GetFileName(pdf)}: {e.Message}");
                    }
                }
                seconds = clock.Elapsed.TotalSeconds;
            }
            result["ourPages"] = pages;
            result["ourSeconds"] = Math.Round(seconds, 3);
            result["ourPagesPerSec"] = Math.Round(pages / seconds, 1);
            result["ourChars"] = chars;
            if (failures.Count > 0) result["ourFailures"] = new JsonArray(failures.Select(f => (JsonNode)f).ToArray());
        }
        return result;
    }

    /// <summary>MB/s (UTF-8 bytes) of the analysis chain over passage-sized chunks of real Chinese text; SmartCn alongside.</summary>
    public static JsonObject Segmentation(CorpusText corpus, TextAnalyzer analyzer)
    {
        var chunks = corpus.Chunks(450);
        var bytes = chunks.Sum(c => (long)Encoding.UTF8.GetByteCount(c));
        var megabytes = bytes / 1048576.0;
        foreach (var c in chunks.Take(50)) { analyzer.Words(c); analyzer.Bigrams(c); }

        double Time(Action<string> work)
        {
            var clock = Stopwatch.StartNew();
            foreach (var c in chunks) work(c);
            return clock.Elapsed.TotalSeconds;
        }

        var words = Time(c => analyzer.Words(c));
        var bigrams = Time(c => analyzer.Bigrams(c));
        var both = Time(c => { TextAnalyzer.Join(analyzer.Words(c)); TextAnalyzer.Join(analyzer.Bigrams(c)); });
        var parallelClock = Stopwatch.StartNew();
        Parallel.ForEach(chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c => { analyzer.Words(c); analyzer.Bigrams(c); });
        var parallel = parallelClock.Elapsed.TotalSeconds;

        using var smartCn = LuceneEngine.NewAnalyzer();
        foreach (var c in chunks.Take(50)) LuceneEngine.Terms(smartCn, "body", c);
        var lucene = Time(c => LuceneEngine.Terms(smartCn, "body", c));
        return new JsonObject
        {
            ["megabytes"] = Math.Round(megabytes, 2),
            ["chunks"] = chunks.Count,
            ["wordsMBPerSec"] = Math.Round(megabytes / words, 2),
            ["bigramsMBPerSec"] = Math.Round(megabytes / bigrams, 2),
            ["analysisMBPerSec"] = Math.Round(megabytes / both, 2),
            ["analysisParallelMBPerSec"] = Math.Round(megabytes / parallel, 2),
            ["smartCnMBPerSec"] = Math.Round(megabytes / lucene, 2),
        };
    }

    /// <summary>
    /// kb's ingest pipeline over the PDFs and text files into a fresh store, as <c>kb ingest</c> runs it (one file per
    /// core), then once more one file at a time; and the peer pipeline: pdftotext + Lucene (SmartCn) over the same PDFs.
    /// </summary>
    public static async Task<JsonObject> IngestAsync(string corpus, string workDir)
    {
        var pdfs = Pdfs(corpus);
        var texts = TextFiles(corpus);
        var result = new JsonObject();
        var missing = MissingFormats(Path.Combine(workDir, "ingest-probe"));
        if (missing.Count > 0) result["fallbackParsers"] = string.Join(", ", missing) + " (bench fallback: the product registers no parser for these formats yet)";
        foreach (var (label, parallelism) in new[] { ("parallel", Environment.ProcessorCount), ("sequential", 1) })
        {
            // Two passes, each into a fresh store; the second is reported, as for parsing: the first mostly measures
            // the JIT compiling the pipeline, and whichever mode ran first used to pay for it.
            var first = await IngestPassAsync(Path.Combine(workDir, $"ingest-{label}-1"), parallelism, pdfs, texts, missing);
            var dataDir = Path.Combine(workDir, $"ingest-{label}-2");
            var (pdf, text) = await IngestPassAsync(dataDir, parallelism, pdfs, texts, missing);
            result[label] = new JsonObject
            {
                ["parallelism"] = parallelism,
                ["pdfPages"] = pdf.Pages,
                ["pdfPassages"] = pdf.Passages,
                ["pdfFailed"] = pdf.Failed,
                ["pdfSeconds"] = Math.Round(pdf.Seconds, 2),
                ["pdfPagesPerSec"] = Math.Round(pdf.Pages / pdf.Seconds, 1),
                ["firstPassPdfPagesPerSec"] = Math.Round(first.Pdf.Pages / first.Pdf.Seconds, 1),
                ["pdfPassagesPerSec"] = Math.Round(pdf.Passages / pdf.Seconds, 1),
                ["textFiles"] = texts.Count,
                ["textPassages"] = text.Passages,
                ["textFailed"] = text.Failed,
                ["textPassagesPerSec"] = Math.Round(text.Passages / text.Seconds, 1),
                ["passagesPerSec"] = Math.Round((pdf.Passages + text.Passages) / (pdf.Seconds + text.Seconds), 1),
                ["storeMb"] = Machine.Mb(Machine.DirectoryBytes(dataDir)),
            };
        }
        if (HasTool("pdftotext")) result["lucene"] = LuceneIngest(pdfs, Path.Combine(workDir, "ingest-lucene"));
        return result;
    }

    private readonly record struct IngestFigures(int Pages, int Passages, int Failed, double Seconds);

    /// <summary>
    /// One ingest of the PDFs, then of the text files, into a fresh store in <paramref name="dataDir"/> (a directory of
    /// its own per pass: SQLite's pooled connections would still see a deleted store's file).
    /// </summary>
    private static async Task<(IngestFigures Pdf, IngestFigures Text)> IngestPassAsync(
        string dataDir, int parallelism, IReadOnlyList<string> pdfs, IReadOnlyList<string> texts, IReadOnlyCollection<FileFormat> missing)
    {
        if (System.IO.Directory.Exists(dataDir)) System.IO.Directory.Delete(dataDir, true);
        await using var services = KbEngine.Services(dataDir, s => { foreach (var p in FallbackParsers.For(missing)) s.AddSingleton(p); });
        var pipeline = services.GetRequiredService<IngestPipeline>();
        services.GetRequiredService<TextAnalyzer>().Words("预热");

        async Task<IngestFigures> Run(IReadOnlyList<string> files)
        {
            int pages = 0, passages = 0, failed = 0;
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (f, ct) =>
            {
                var outcome = await pipeline.IngestFileAsync(f, cancellationToken: ct);
                if (outcome.Status == IngestStatus.Failed) Interlocked.Increment(ref failed);
                Interlocked.Add(ref pages, outcome.Pages);
                Interlocked.Add(ref passages, outcome.Passages);
            });
            return new IngestFigures(pages, passages, failed, clock.Elapsed.TotalSeconds);
        }

        return (await Run(pdfs), await Run(texts));
    }

    /// <summary>Formats the product's own registrations cannot read.</summary>
    public static List<FileFormat> MissingFormats(string probeDir)
    {
        using var services = KbEngine.Services(probeDir);
        var have = services.GetServices<IDocumentParser>().Select(p => p.Format).ToHashSet();
        return new[] { FileFormat.Pdf, FileFormat.PlainText, FileFormat.Markdown }.Where(f => !have.Contains(f)).ToList();
    }

    /// <summary>The peer pipeline: pdftotext → pages (form feeds) → Lucene documents with SmartCn, one file per core, committed.</summary>
    private static JsonObject LuceneIngest(IReadOnlyList<string> pdfs, string indexDir)
    {
        if (System.IO.Directory.Exists(indexDir)) System.IO.Directory.Delete(indexDir, true);
        var clock = Stopwatch.StartNew();
        var pages = 0;
        using (var dir = FSDirectory.Open(indexDir))
        using (var analyzer = LuceneEngine.NewAnalyzer())
        using (var writer = new IndexWriter(dir, new IndexWriterConfig(LuceneEngine.Version, analyzer) { OpenMode = OpenMode.CREATE, Similarity = new BM25Similarity() }))
        {
            Parallel.ForEach(pdfs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, pdf =>
            {
                var text = RunTool("pdftotext", "-enc", "UTF-8", pdf, "-").Output;
                var pageTexts = text.Split('\f');
                var count = pageTexts.Length > 0 && pageTexts[^1].Length == 0 ? pageTexts.Length - 1 : pageTexts.Length;
                for (var i = 0; i < count; i++)
                    writer.AddDocument(LuceneEngine.ToLucene(Path.GetFileName(pdf), $"{Path.GetFileName(pdf)}:{i + 1}", pageTexts[i]));
                Interlocked.Add(ref pages, count);
            });
            writer.Commit();
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return new JsonObject { ["pages"] = pages, ["seconds"] = Math.Round(seconds, 2), ["pagesPerSec"] = Math.Round(pages / seconds, 1) };
    }
}
