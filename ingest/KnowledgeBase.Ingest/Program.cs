using KnowledgeBase.Hosting;
using KnowledgeBase.Hosting.Configuration;
using Microsoft.Extensions.Hosting;

// The stand-alone ingest worker: dotnet run --project ingest/KnowledgeBase.Ingest -- --data DIR [--watch DIR] [--once]
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(IngestWorkerHost.Usage);
    return 0;
}
var health = args.Contains("--health");
var commandLine = IngestWorkerHost.Parse(args.Where(a => a != "--health").ToArray(), out var error);
if (commandLine is null)
{
    Console.Error.WriteLine($"KnowledgeBase.Ingest: {error}");
    Console.Error.WriteLine(IngestWorkerHost.Usage);
    return 1;
}
try
{
    if (health) return await IngestWorkerHost.CheckHealthAsync(commandLine, Console.Out);
    using var host = IngestWorkerHost.Build(commandLine);
    host.Services.ValidateSettingsNow();
    await host.RunAsync();
    return 0;
}
catch (Exception e) when (SettingsValidation.DescribeSettingError(e) is { } setting)
{
    Console.Error.WriteLine($"KnowledgeBase.Ingest: invalid setting: {setting}");
    return 1;
}
