using KnowledgeBase.Hosting;
using Microsoft.Extensions.Hosting;

// The stand-alone ingest worker: dotnet run --project ingest/KnowledgeBase.Ingest -- --data DIR [--watch DIR] [--once]
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(IngestWorkerHost.Usage);
    return 0;
}
var commandLine = IngestWorkerHost.Parse(args, out var error);
if (commandLine is null)
{
    Console.Error.WriteLine($"KnowledgeBase.Ingest: {error}");
    Console.Error.WriteLine(IngestWorkerHost.Usage);
    return 1;
}
using var host = IngestWorkerHost.Build(commandLine);
await host.RunAsync();
return 0;
