// Benchmarks of the embedding path: ONNX embedding throughput and vector search (exact scan, HNSW). Run in Release:
//   dotnet run -c Release --project tests/KnowledgeBase.Embeddings.Bench -- throughput [passages=160] [threads=2]
//   dotnet run -c Release --project tests/KnowledgeBase.Embeddings.Bench -- vectors [count=100000] [dim=384] [queries=200] [quantization=F32]
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using KnowledgeBase.Embeddings;
using KnowledgeBase.Embeddings.Onnx;
using KnowledgeBase.Storage.Embedded.Vectors;

var mode = args.FirstOrDefault() ?? "throughput";
int Arg(int i, int fallback) => args.Length > i && int.TryParse(args[i], CultureInfo.InvariantCulture, out var v) ? v : fallback;
Console.WriteLine($"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start");

if (mode == "throughput") await Throughput(Arg(1, 160), Arg(2, 2));
else if (mode == "vectors") Vectors(Arg(1, 100_000), Arg(2, 384), Arg(3, 200), args.Length > 4 ? Enum.Parse<VectorQuantization>(args[4], true) : VectorQuantization.F32);
else Console.Error.WriteLine("usage: throughput [passages] [threads] | vectors [count] [dim] [queries] [F32|F16|I8]");

static async Task Throughput(int count, int threads)
{
    var sentences = new[]
    {
        "The committee reviewed progress on rural revitalisation and asked for clearer targets.",
        "Provincial governments expanded subsidies for energy-efficient housing renovations.",
        "Researchers compared healthcare spending across regions with different ageing rates.",
        "The report recommends stronger oversight of local government financing vehicles.",
        "Coastal cities are investing in flood defences as sea levels continue to rise.",
        "Vocational training enrolment grew after reforms linked courses to employers' needs.",
    };
    var random = new Random(7);
    var passages = Enumerable.Range(0, count).Select(_ =>
    {
        var text = "";
        while (text.Length < 200) text += sentences[random.Next(sentences.Length)] + " ";
        return text[..200];
    }).ToList();
    Console.WriteLine($"{count} passages of {passages.Average(p => p.Length):F0} characters, IntraOpNumThreads={threads}");

    foreach (var batch in new[] { 1, 16 })
    {
        using var generator = OnnxEmbeddingGenerator.FromMiniLmPackage(new EmbeddingOptions { Threads = threads, BatchSize = batch });
        await generator.EmbedPassagesAsync(passages.Take(16).ToList()); // warm-up
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        if (batch == 1)
            foreach (var p in passages) await generator.EmbedPassagesAsync([p]);
        else
            await generator.EmbedPassagesAsync(passages);
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        // On a shared machine wall time mostly measures the neighbours; CPU time says what 2 idle cores would do.
        Console.WriteLine($"MiniLM batch {batch,2}: {count / clock.Elapsed.TotalSeconds,6:F1} passages/s wall clock; " +
                          $"{cpuSeconds / count * 1000:F1} CPU-ms per passage → {Environment.ProcessorCount * count / cpuSeconds:F0} passages/s on {Environment.ProcessorCount} idle cores");
    }
}

static void Vectors(int count, int dimension, int queryCount, VectorQuantization quantization)
{
    var all = Clustered(count + queryCount, dimension, clusters: 200, seed: 42, spread: 1.5f);
    var data = all.Take(count).ToArray();
    var queries = all.Skip(count).ToArray();
    Console.WriteLine($"{count} × {dimension} clustered unit vectors (200 clusters, noise norm 1.5 around unit centres), {queryCount} queries, k=10");

    var exact = new ExactVectorIndex(dimension);
    for (var i = 0; i < count; i++) exact.Upsert(i + 1, data[i]);
    var truth = queries.Select(q => exact.Search(q, 10, null).Select(h => h.Pid).ToHashSet()).ToArray();
    var (w1, c1) = Timed(queries, q => exact.Search(q, 10, null));
    Report("exact scan", w1, c1);
    static bool Half(long pid) => pid % 2 == 0;
    var truthHalf = queries.Select(q => exact.Search(q, 10, Half).Select(h => h.Pid).ToHashSet()).ToArray();
    var (w2, c2) = Timed(queries, q => exact.Search(q, 10, Half));
    Report("exact scan, 50% filter", w2, c2);

    var options = new VectorIndexOptions { Quantization = quantization, Connectivity = 16, ExpansionAdd = 128 };
    using var graph = new HnswVectorIndex(dimension, options);
    var build = Stopwatch.StartNew();
    var buildCpu = Process.GetCurrentProcess().TotalProcessorTime;
    graph.Reserve(count);
    Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = graph.BuildThreads }, i => graph.Add(i + 1, data[i]));
    Console.WriteLine($"HNSW build ({quantization}, M=16, efConstruction=128, {graph.BuildThreads} threads): {build.Elapsed.TotalSeconds:F1} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - buildCpu).TotalSeconds:F1} s CPU");

    foreach (var ef in new[] { 64, 128, 256 })
    {
        graph.ExpansionSearch = ef;
        var recall = queries.Select((q, i) => graph.Search(q, 10, null).Count(h => truth[i].Contains(h.Pid)) / 10.0).Average();
        var (w3, c3) = Timed(queries, q => graph.Search(q, 10, null));
        Report($"HNSW ef={ef,3} recall@10 {recall:F3}", w3, c3);
        var recallHalf = queries.Select((q, i) => graph.Search(q, 10, Half).Count(h => truthHalf[i].Contains(h.Pid)) / 10.0).Average();
        var (w4, c4) = Timed(queries, q => graph.Search(q, 10, Half));
        Report($"HNSW ef={ef,3} 50% filter recall@10 {recallHalf:F3}", w4, c4);
    }
}

static (List<double> Wall, double CpuMs) Timed(IReadOnlyList<float[]> queries, Action<float[]> search)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var wall = queries.Select(q => Time(() => search(q))).ToList();
    return (wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / queries.Count);
}

static double Time(Action action)
{
    var clock = Stopwatch.StartNew();
    action();
    return clock.Elapsed.TotalMilliseconds;
}

static void Report(string what, List<double> ms, double cpuMsPerQuery = double.NaN)
{
    ms.Sort();
    double P(double q) => ms[Math.Min(ms.Count - 1, (int)(q * ms.Count))];
    Console.WriteLine($"{what}: p50 {P(0.5):F2} ms, p95 {P(0.95):F2} ms, max {ms[^1]:F2} ms; mean CPU {cpuMsPerQuery:F2} ms per query");
}

static float[][] Clustered(int count, int dimension, int clusters, int seed, float spread)
{
    var random = new Random(seed);
    float[] Gaussian()
    {
        var v = new float[dimension];
        for (var i = 0; i < dimension; i++)
            v[i] = (float)(Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return v;
    }
    float[] Unit(float[] v) { TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v); return v; }
    var centres = Enumerable.Range(0, clusters).Select(_ => Unit(Gaussian())).ToArray();
    return Enumerable.Range(0, count).Select(_ =>
    {
        var v = Gaussian();
        TensorPrimitives.Multiply(v, spread / MathF.Sqrt(dimension), v);
        TensorPrimitives.Add(v, centres[random.Next(clusters)], v);
        return Unit(v);
    }).ToArray();
}
