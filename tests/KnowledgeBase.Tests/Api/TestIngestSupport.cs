using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Ingestion.Pipeline;
using KnowledgeBase.Jobs;
using KnowledgeBase.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using UglyToad.PdfPig;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// What API tests add to the host so uploads get processed: until the worker branch lands, a queue
/// (<see cref="InMemoryIngestQueue"/>) and a test-only loop that takes queued jobs and runs the real
/// <see cref="IngestPipeline"/> on them. When the host already has a queue and a worker, nothing is added.
/// </summary>
public static class TestIngestSupport
{
    /// <remarks>
    /// When the worker branch is merged: delete InMemoryIngestQueue.cs and TestIngestLoop, and make this method
    /// <c>services.AddIngestWorker(configuration)</c> (plus the stand-in parser line while no PDF parser exists).
    /// </remarks>
    public static void Add(IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var hasQueue = services.Any(d => d.ServiceType == typeof(IIngestQueue));
        services.TryAddSingleton<IIngestQueue, InMemoryIngestQueue>();
        if (!hasQueue) services.AddHostedService<TestIngestLoop>();
        // The PDF parser is built on the parsers branch; until it is present, a minimal PdfPig word extractor
        // stands in so uploads of real PDFs can be ingested by the real pipeline.
        if (!services.Any(d => d.ServiceType == typeof(IDocumentParser) && d.ImplementationType?.Name.Contains("Pdf", StringComparison.Ordinal) == true))
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentParser, StandInPdfParser>());
    }
}

/// <summary>TEST-ONLY stand-in for the ingest worker: leases jobs from the queue and runs the real pipeline.</summary>
public sealed class TestIngestLoop(IIngestQueue queue, IngestPipeline pipeline) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var job = await queue.LeaseAsync("test-loop", TimeSpan.FromMinutes(5), stoppingToken);
            if (job is null)
            {
                try { await Task.Delay(50, stoppingToken); } catch (OperationCanceledException) { return; }
                continue;
            }
            var request = job.Request;
            var bytes = await File.ReadAllBytesAsync(request.StagedPath, stoppingToken);
            var outcome = await pipeline.IngestAsync(request.Source, Path.GetFileName(request.Source), bytes, request.Metadata, request.DocumentId, stoppingToken);
            if (outcome.Succeeded) await queue.CompleteAsync(job.Id, "test-loop", outcome.DocumentId, stoppingToken);
            else await queue.FailAsync(job.Id, "test-loop", outcome.Reason ?? "failed", permanent: true, stoppingToken);
        }
    }
}

/// <summary>TEST-ONLY PDF text extraction with PdfPig (words joined by spaces), used only while no real PDF parser is registered.</summary>
public sealed class StandInPdfParser : IDocumentParser
{
    public FileFormat Format => FileFormat.Pdf;

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        using var document = PdfDocument.Open(content.ToArray());
        var pages = document.GetPages().Select(p => new DocumentPage(p.Number, string.Join(' ', p.GetWords().Select(w => w.Text)))).ToList();
        return new ParsedDocument(pages, []);
    }
}
