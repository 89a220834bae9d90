using System.Globalization;

namespace KnowledgeBase.Bench;

/// <summary>Command-line settings of the benchmark. Parsed by hand so the child processes take the same flags.</summary>
internal sealed record BenchOptions
{
    /// <summary>Corpus sizes (passages) for the query benchmark; each size is built and queried in fresh child processes.</summary>
    public IReadOnlyList<int> Passages { get; init; } = [10_000];
    public int Seed { get; init; } = 42;
    /// <summary>Phrase queries sampled from corpus text; dev questions are added on top.</summary>
    public int PhraseQueries { get; init; } = 150;
    public int DevQueries { get; init; } = 50;
    /// <summary>Average synthetic passage length in characters.</summary>
    public int PassageChars { get; init; } = 300;
    public int PassagesPerDocument { get; init; } = 100;
    /// <summary>Documents per write transaction when building kb's store (<c>IKnowledgeStore.UpsertManyAsync</c>); 1 writes one by one.</summary>
    public int WriteBatch { get; init; } = 32;
    public bool Json { get; init; }
    public bool SkipParse { get; init; }
    public bool SkipIngest { get; init; }
    public bool SkipSegmentation { get; init; }
    public bool SkipLucene { get; init; }
    public bool SkipQuery { get; init; }
    /// <summary>Skip the OCR benchmark; <see cref="OnlyOcr"/> runs nothing else.</summary>
    public bool SkipOcr { get; init; }
    public bool OnlyOcr { get; init; }
    /// <summary>Synthetic scans recognised by the OCR benchmark, and the resolution they are rendered at.</summary>
    public int OcrPages { get; init; } = 12;
    public int OcrDpi { get; init; } = 150;
    /// <summary>A folder where each page's scan, reference text and both readings are kept (none: not kept).</summary>
    public string? OcrSave { get; init; }
    /// <summary>Rebuild cached stores even when a complete one exists.</summary>
    public bool Rebuild { get; init; }
    public string Corpus { get; init; } = DefaultCorpus();
    public string DevQueriesFile { get; init; } = "";
    /// <summary>Internal: the query set the parent wrote, one query per line, so every child answers the same queries.</summary>
    public string QueriesFile { get; init; } = "";
    public string CacheDirectory { get; init; } = Environment.GetEnvironmentVariable("KB_BENCH_CACHE") is { Length: > 0 } c ? c : Path.Combine(Path.GetTempPath(), "kb-bench");
    /// <summary>The kb executable whose search start-up is timed (default: the checkout's Release build).</summary>
    public string? KbPath { get; init; }
    /// <summary>Internal: run one step (build-kb, build-lucene, query-kb, query-lucene, query-both, startup, cli-startup) for <see cref="Passages"/>[0] and print its result.</summary>
    public string? Worker { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--passages" or "-n" => o with { Passages = Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseCount).ToList() },
                "--seed" => o with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--queries" => o with { PhraseQueries = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--dev-queries" => o with { DevQueries = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--passage-chars" => o with { PassageChars = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--write-batch" => o with { WriteBatch = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--json" => o with { Json = true },
                "--skip-parse" => o with { SkipParse = true },
                "--skip-ingest" => o with { SkipIngest = true },
                "--skip-segmentation" => o with { SkipSegmentation = true },
                "--skip-lucene" => o with { SkipLucene = true },
                "--skip-query" => o with { SkipQuery = true },
                "--only-query" => o with { SkipParse = true, SkipIngest = true, SkipSegmentation = true },
                "--skip-ocr" => o with { SkipOcr = true },
                "--only-ocr" => o with { OnlyOcr = true },
                "--ocr-pages" => o with { OcrPages = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--ocr-dpi" => o with { OcrDpi = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--ocr-save" => o with { OcrSave = Next() },
                "--rebuild" => o with { Rebuild = true },
                "--corpus" => o with { Corpus = Next() },
                "--dev-queries-file" => o with { DevQueriesFile = Next() },
                "--queries-file" => o with { QueriesFile = Next() },
                "--cache" => o with { CacheDirectory = Next() },
                "--kb" => o with { KbPath = Next() },
                "--worker" => o with { Worker = Next() },
                "--help" or "-h" => throw new HelpRequested(),
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        if (o.DevQueriesFile.Length == 0)
            o = o with { DevQueriesFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(o.Corpus))!, "eval", "dev", "queries.jsonl") };
        return o;
    }

    /// <summary>Accepts 10000, 10k, 1m.</summary>
    private static int ParseCount(string s)
    {
        s = s.Trim().ToLowerInvariant();
        var factor = s.EndsWith('k') ? 1_000 : s.EndsWith('m') ? 1_000_000 : 1;
        if (factor > 1) s = s[..^1];
        return checked((int)(double.Parse(s, CultureInfo.InvariantCulture) * factor));
    }

    /// <summary>Arguments that make a child process run one step with the same corpus, seed and generator settings.</summary>
    public IEnumerable<string> WorkerArgs(string step, int passages) =>
    [
        "--worker", step, "--passages", passages.ToString(CultureInfo.InvariantCulture), "--seed", Seed.ToString(CultureInfo.InvariantCulture),
        "--queries", PhraseQueries.ToString(CultureInfo.InvariantCulture), "--dev-queries", DevQueries.ToString(CultureInfo.InvariantCulture),
        "--passage-chars", PassageChars.ToString(CultureInfo.InvariantCulture), "--corpus", Corpus, "--dev-queries-file", DevQueriesFile, "--queries-file", QueriesFile,
        "--cache", CacheDirectory, "--write-batch", WriteBatch.ToString(CultureInfo.InvariantCulture), .. Rebuild ? new[] { "--rebuild" } : [],
        .. KbPath is { } kb ? new[] { "--kb", kb } : [],
    ];

    /// <summary>The shared corpus beside the repository or the working directory (…/shared/corpus).</summary>
    private static string DefaultCorpus()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "corpus");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return "/work/shared/corpus";
    }

    public const string Usage = """
        kb-bench: performance of kb beside its peers, measured in one run on this machine.
          --passages N[,N…]   corpus sizes for the query benchmark (10k, 100k, 1m; default 10k)
          --json              end the output with one JSON line of the figures
          --seed S            seed of the synthetic corpus and the query set (default 42)
          --queries Q         phrase queries sampled from corpus text (default 150); --dev-queries D dev questions (default 50)
          --passage-chars C   mean synthetic passage length (default 300)
          --only-query        skip parsing, segmentation and ingest; --skip-parse/--skip-ingest/--skip-segmentation/--skip-lucene/--skip-query
          --only-ocr          run only the OCR benchmark (synthetic scans of pdf-zh pages, kb beside Tesseract); --skip-ocr leaves it out
          --ocr-pages N       pages the OCR benchmark recognises (default 12); --ocr-dpi D their resolution (default 150)
          --ocr-save DIR      keep each OCR page's scan, reference text (text layer) and the kb and Tesseract readings in DIR
          --corpus DIR        the sample corpus (default: shared/corpus found above the working directory)
          --cache DIR         where generated stores are kept between runs (default $KB_BENCH_CACHE or /tmp/kb-bench)
          --rebuild           rebuild cached stores
          --write-batch B     documents per write transaction when building kb's store (default 32; 1 = one by one)
          --kb PATH           the kb executable whose 'kb search' start-up is timed (default: src/KnowledgeBase.Cli/bin/Release/net10.0/kb)
        """;
}

internal sealed class HelpRequested : Exception;
