using System.Security.Cryptography;
using KnowledgeBase.Configuration;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Ingestion.Pipeline;
using KnowledgeBase.Jobs;
using KnowledgeBase.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Ingestion.Worker;

/// <summary>How a leased job ended for this worker.</summary>
public enum JobEnd
{
    Done,
    /// <summary>Failed for good (the file's fault) or after its last retry.</summary>
    Failed,
    /// <summary>Failed transiently; the queue will offer it again after a backoff.</summary>
    Retrying,
    /// <summary>Handed back unfinished because the worker is stopping.</summary>
    Released,
    /// <summary>The lease expired and another worker took the job; this worker's result was dropped.</summary>
    LeaseLost,
}

/// <summary>The result of processing one job.</summary>
public sealed record JobResult(IngestJob Job, JobEnd End, IngestOutcome? Outcome, string? Reason);

/// <summary>
/// Runs one leased job: reads the staged file, runs <see cref="IngestPipeline"/> under the memory guard while renewing
/// the lease, then completes or fails the job in the queue. The store write and the queue update are separate
/// transactions, so a crash between them re-runs the job later; ingest is idempotent per source and content hash, so
/// the repeat finds the document already stored (unchanged) and only completes the job.
/// </summary>
public sealed class JobProcessor(
    IngestPipeline pipeline,
    IIngestQueue queue,
    IIngestLedger ledger,
    IOptions<IngestWorkerOptions> options,
    IOptions<KnowledgeBaseOptions> storeOptions,
    ILogger<JobProcessor> logger)
{
    // Two files with the same bytes processed at once would both miss the duplicate check; one lock stripe per hash prefix serialises them.
    private static readonly SemaphoreSlim[] HashLocks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    private readonly IngestWorkerOptions _options = options.Value;
    private readonly string _stagingDirectory = Path.GetFullPath(Path.Combine(storeOptions.Value.DataDirectory, "staging")) + Path.DirectorySeparatorChar;

    public async Task<JobResult> ProcessAsync(IngestJob job, string workerId, CancellationToken stopping)
    {
        using var scope = logger.BeginScope("Job {JobId} ({Source}, attempt {Attempt})", job.Id, job.Request.Source, job.Attempts);
        using var leaseLost = new CancellationTokenSource();
        await using var memory = MemoryGuard.Start(_options.MemoryLimitMiB, _options.MemoryCheckInterval);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stopping, leaseLost.Token, memory.Token);
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var renewal = RenewLeaseAsync(job, workerId, leaseLost, renewing.Token);
        try
        {
            var outcome = await RunPipelineAsync(job, work.Token);
            await StopRenewalAsync(renewing, renewal);
            if (leaseLost.IsCancellationRequested) return Lost(job);
            if (outcome.Succeeded)
            {
                if (!await queue.CompleteAsync(job.Id, workerId, outcome.DocumentId, CancellationToken.None)) return Lost(job);
                logger.LogInformation("Job {JobId} done: {Status} {DocumentId}, {Pages} pages, {Passages} passages",
                    job.Id, outcome.Status, outcome.DocumentId, outcome.Pages, outcome.Passages);
                DeleteStaged(job);
                return new JobResult(job, JobEnd.Done, outcome, null);
            }
            return await FailAsync(job, workerId, outcome.Reason ?? "failed", outcome.FailureKind ?? FailureKind.Corrupt, outcome);
        }
        catch (OperationCanceledException) when (memory.Tripped)
        {
            await StopRenewalAsync(renewing, renewal);
            var reason = $"used more than {_options.MemoryLimitMiB} MiB of memory while being processed; refused (limit KnowledgeBase:Worker:MemoryLimitMiB)";
            return await FailAsync(job, workerId, reason, FailureKind.TooLarge, null);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            await StopRenewalAsync(renewing, renewal);
            return Lost(job);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await StopRenewalAsync(renewing, renewal);
            await queue.ReleaseAsync(job.Id, workerId, CancellationToken.None);
            logger.LogInformation("Job {JobId} handed back: the worker is stopping", job.Id);
            return new JobResult(job, JobEnd.Released, null, "worker stopping");
        }
        catch (Exception e) when (e is OutOfMemoryException or InsufficientExecutionStackException)
        {
            await StopRenewalAsync(renewing, renewal);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var reason = $"ran out of memory while being processed ({e.GetType().Name}); refused";
            return await FailAsync(job, workerId, reason, FailureKind.TooLarge, null);
        }
        catch (Exception e)
        {
            // The file was fine as far as the parser goes; the fault is around it (database busy, disk): worth a retry.
            await StopRenewalAsync(renewing, renewal);
            logger.LogWarning(e, "Job {JobId} hit a fault", job.Id);
            return await FailAsync(job, workerId, $"{e.GetType().Name}: {e.Message}", FailureKind.Transient, null);
        }
    }

    private async Task<IngestOutcome> RunPipelineAsync(IngestJob job, CancellationToken cancellationToken)
    {
        var request = job.Request;
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(request.StagedPath, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new IngestOutcome(request.Source, IngestStatus.Failed, FailureKind: FailureKind.Corrupt,
                Reason: "the file to ingest no longer exists (deleted or moved before the worker reached it)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new IngestOutcome(request.Source, IngestStatus.Failed, FailureKind: FailureKind.Transient, Reason: "could not read the file: " + e.Message);
        }

        var hashLock = HashLocks[SHA256.HashData(content)[0] & 63];
        await hashLock.WaitAsync(cancellationToken);
        try
        {
            return await pipeline.IngestAsync(request.Source, Path.GetFileName(request.Source), content, request.Metadata, request.DocumentId, cancellationToken);
        }
        finally
        {
            hashLock.Release();
        }
    }

    /// <param name="kind">Transient faults are retried until the attempts run out; every other kind ends the job.</param>
    private async Task<JobResult> FailAsync(IngestJob job, string workerId, string reason, FailureKind kind, IngestOutcome? outcome)
    {
        if (!await queue.FailAsync(job.Id, workerId, reason, permanent: kind is not FailureKind.Transient, CancellationToken.None)) return Lost(job);
        var after = await queue.GetAsync(job.Id, CancellationToken.None);
        var end = after?.State == JobState.Queued ? JobEnd.Retrying : JobEnd.Failed;
        if (end == JobEnd.Failed)
        {
            logger.LogWarning("Job {JobId} failed: {Reason}", job.Id, after?.Error ?? reason);
            // Whatever ended the job, its file is now a failed file in the ledger, which kb failures, kb status and
            // kb stats all read; the pipeline has recorded parse failures already, and this repeats them harmlessly.
            await RecordFailureAsync(job, kind, after?.Error ?? reason);
            DeleteStaged(job);
        }
        else
        {
            logger.LogWarning("Job {JobId} will be retried after {NotBefore:O}: {Reason}", job.Id, after?.NotBefore, reason);
        }
        return new JobResult(job, end, outcome, after?.Error ?? reason);
    }

    private JobResult Lost(IngestJob job)
    {
        logger.LogWarning("Job {JobId}: lease lost to another worker; its result here is dropped (ingest is idempotent, so nothing is duplicated)", job.Id);
        return new JobResult(job, JobEnd.LeaseLost, null, "lease lost");
    }

    private async Task RenewLeaseAsync(IngestJob job, string workerId, CancellationTokenSource leaseLost, CancellationToken cancellationToken)
    {
        var every = _options.LeaseDuration / 3;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, cancellationToken);
                if (await queue.RenewAsync(job.Id, workerId, _options.LeaseDuration, cancellationToken)) continue;
                await leaseLost.CancelAsync();
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed renewal is not fatal while the lease still runs; the next one may succeed.
                logger.LogWarning(e, "Job {JobId}: lease renewal failed", job.Id);
            }
        }
    }

    private static async Task StopRenewalAsync(CancellationTokenSource renewing, Task renewal)
    {
        await renewing.CancelAsync();
        await renewal;
    }

    private Task RecordFailureAsync(IngestJob job, FailureKind kind, string reason) =>
        ledger.RecordFailureAsync(new IngestFailureRecord(job.Request.Source, job.Request.ContentHash ?? "", kind.ToString(), reason, DateTimeOffset.UtcNow));

    /// <summary>Uploads staged under the data directory are the queue's own copies: gone once their job has ended.</summary>
    private void DeleteStaged(IngestJob job)
    {
        var path = Path.GetFullPath(job.Request.StagedPath);
        if (!path.StartsWith(_stagingDirectory, StringComparison.Ordinal)) return;
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            logger.LogWarning("Could not delete staged file {Path}: {Message}", path, e.Message);
        }
    }
}
