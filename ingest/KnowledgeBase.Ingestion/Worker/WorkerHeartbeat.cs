using System.Collections.Concurrent;
using KnowledgeBase.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Ingestion.Worker;

/// <summary>
/// The worker's own account of itself. Work loops report each step (<see cref="Step"/>, <see cref="JobStarted"/>,
/// <see cref="JobEnded"/>); <see cref="RunAsync"/> publishes a <see cref="WorkerBeat"/> every
/// <see cref="IngestWorkerOptions.HeartbeatInterval"/> to <see cref="IWorkerBeats"/>, where health checks in other
/// processes read it. The beat is written by its own loop, not by the work loops, so a beat that stops means the worker (or its
/// process) stopped, and a beat whose loops have not stepped for <see cref="IngestWorkerOptions.StallTimeout"/> means
/// a loop is hung.
/// </summary>
public sealed class WorkerHeartbeat(IOptions<IngestWorkerOptions> options, IWorkerBeats beats, TimeProvider clock, ILogger<WorkerHeartbeat> logger)
{
    private readonly IngestWorkerOptions _options = options.Value;
    private readonly ConcurrentDictionary<int, DateTimeOffset> _loopSteps = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _running = new();
    private readonly Lock _times = new();
    private DateTimeOffset _startedAt = clock.GetUtcNow();
    private DateTimeOffset _beatAt = clock.GetUtcNow();

    public void Step(int loop) => _loopSteps[loop] = clock.GetUtcNow();

    public void JobStarted(int loop, string jobId)
    {
        var now = clock.GetUtcNow();
        _loopSteps[loop] = now;
        _running[jobId] = now;
    }

    public void JobEnded(int loop, string jobId)
    {
        _running.TryRemove(jobId, out _);
        _loopSteps[loop] = clock.GetUtcNow();
    }

    /// <summary>The beat as of now (what <see cref="RunAsync"/> last published, with the loops' current state).</summary>
    public WorkerBeat Current(string workerId)
    {
        var steps = _loopSteps.Values.ToList();
        DateTimeOffset startedAt, beatAt;
        lock (_times) (startedAt, beatAt) = (_startedAt, _beatAt);
        return new WorkerBeat(workerId, Environment.MachineName, Environment.ProcessId, startedAt, beatAt,
            steps.Count == 0 ? beatAt : steps.Min(),
            _running.Select(j => new RunningJob(j.Key, j.Value)).OrderBy(j => j.Since).ToList(),
            _options.HeartbeatInterval, _options.StallTimeout);
    }

    /// <summary>Publishes a beat every interval until cancelled, then removes it: a worker that stops cleanly leaves no beat behind.</summary>
    public async Task RunAsync(string workerId, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        lock (_times) _startedAt = startedAt;
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, clock);
        try
        {
            do
            {
                var beatAt = clock.GetUtcNow();
                lock (_times) _beatAt = beatAt;
                try
                {
                    await beats.PublishAsync(Current(workerId), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Not fatal to ingest; the health check will see the beat go stale and say so.
                    logger.LogWarning("Could not publish the worker heartbeat: {Reason}", e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await beats.RemoveAsync(workerId, CancellationToken.None);
        }
    }
}
