using KnowledgeBase.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Ingestion.Worker;

/// <summary>
/// The ingest worker: leases jobs from the durable queue and runs them through <see cref="JobProcessor"/>, with
/// <see cref="IngestWorkerOptions.Concurrency"/> jobs at once; keeps the watch folders in step; logs progress. Runs
/// inside the API process or alone (<c>KnowledgeBase.Ingest</c>, <c>kb worker</c>). On shutdown, jobs in flight are
/// handed back to the queue; if the process is killed instead, their leases expire and another worker takes them.
/// </summary>
public sealed class IngestWorker(
    IIngestQueue queue,
    JobProcessor processor,
    WatchFolderScanner scanner,
    WorkerHeartbeat heartbeat,
    IHostApplicationLifetime lifetime,
    IOptions<IngestWorkerOptions> options,
    ILogger<IngestWorker> logger) : BackgroundService
{
    private readonly IngestWorkerOptions _options = options.Value;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>Identifies this process's leases: host, process id and a random part (process ids are reused).</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public WorkerProgress Progress { get; } = new();

    /// <summary>This worker's heartbeat as of now (what its health check judges).</summary>
    public WorkerBeat Beat => heartbeat.Current(WorkerId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        logger.LogInformation("Ingest worker {WorkerId} started: {Concurrency} at a time, lease {Lease}, watch folders [{Folders}]{Once}",
            WorkerId, _options.Concurrency, _options.LeaseDuration, string.Join(", ", scanner.Folders), _options.RunOnce ? ", until the queue is empty" : "");
        using var beating = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var beats = heartbeat.RunAsync(WorkerId, beating.Token);
        try
        {
            var watching = Task.CompletedTask;
            if (scanner.Folders.Count > 0)
            {
                if (_options.RunOnce) await ScanUntilSettledAsync(stoppingToken);
                else watching = scanner.RunAsync(Wake, stoppingToken);
            }
            using var reporting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var progress = ReportProgressAsync(reporting.Token);
            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.Concurrency)).Select(loop => WorkLoopAsync(loop, stoppingToken)));
            await reporting.CancelAsync();
            await progress;
            await watching;
            var summary = await queue.SummarizeAsync(0, CancellationToken.None);
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            logger.LogInformation("Ingest worker {WorkerId} finished: {Progress}; queue: {Done} done, {Failed} failed; peak working set {PeakWorkingSetMiB} MiB",
                WorkerId, Progress.Describe(summary.Queued), summary.Done, summary.Failed, self.PeakWorkingSet64 / 1048576);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Ingest worker {WorkerId} stopped: {Progress}", WorkerId, Progress.Describe(0));
        }
        finally
        {
            await beating.CancelAsync();
            await beats;
            if (_options.RunOnce) lifetime.StopApplication();
        }
    }

    private void Wake() => _wake.Release(Math.Max(1, _options.Concurrency));

    /// <summary>In run-once mode the folders are scanned until no file is still being written, then the queue is drained.</summary>
    private async Task ScanUntilSettledAsync(CancellationToken cancellationToken)
    {
        // Bounded, so a file that stays locked cannot keep a batch run from ever starting; the next run picks it up.
        for (var round = 0; round < 30 && (await scanner.ScanAsync(cancellationToken)).Settling > 0; round++)
            await Task.Delay(_options.WatchStableFor, cancellationToken);
    }

    private async Task WorkLoopAsync(int loop, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            heartbeat.Step(loop);
            IngestJob? job;
            try
            {
                job = await queue.LeaseAsync(WorkerId, _options.LeaseDuration, stoppingToken);
                if (job is null)
                {
                    if (_options.RunOnce && await QueueDrainedAsync(stoppingToken)) return;
                    await _wake.WaitAsync(_options.PollInterval, stoppingToken);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Could not lease a job; retrying");
                await Task.Delay(_options.PollInterval, stoppingToken);
                continue;
            }
            heartbeat.JobStarted(loop, job.Id);
            try
            {
                Progress.Add(await processor.ProcessAsync(job, WorkerId, stoppingToken));
            }
            finally
            {
                heartbeat.JobEnded(loop, job.Id);
            }
        }
    }

    /// <summary>Nothing queued (not even waiting for a retry) and nothing running anywhere.</summary>
    private async Task<bool> QueueDrainedAsync(CancellationToken cancellationToken)
    {
        var summary = await queue.SummarizeAsync(0, cancellationToken);
        return summary.Queued == 0 && summary.Running == 0;
    }

    private async Task ReportProgressAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ProgressInterval);
        // Silent until there is work: an idle worker (the API's, waiting for uploads) prints no zero lines.
        var reported = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var summary = await queue.SummarizeAsync(0, cancellationToken);
                if (Progress.Finished == reported && summary.Queued == 0) continue;
                reported = Progress.Finished;
                logger.LogInformation("Progress: {Progress}", Progress.Describe(summary.Queued));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
