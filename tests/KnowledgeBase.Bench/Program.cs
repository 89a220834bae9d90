using KnowledgeBase.Bench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (HelpRequested)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"kb-bench: {e.Message}\n{BenchOptions.Usage}");
    return 2;
}

if (options.Worker == "ocr") return await OcrBench.WorkerAsync(Console.In, Console.Out);
if (options.Worker is not null)
{
    var result = await SizeWorkers.RunAsync(options);
    Console.WriteLine(SizeWorkers.ResultPrefix + result.ToJsonString());
    return 0;
}
return await BenchRun.RunAsync(options, Console.Out);
