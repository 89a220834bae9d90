using KnowledgeBase.Ingestion.Worker;
using KnowledgeBase.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeBase.Api.Health;

/// <summary>
/// Whether uploads and watch folders are being ingested. With the worker in this process, a stopped or hung worker
/// makes the API unhealthy (restarting it is the cure). With separate worker processes, their heartbeats
/// (<see cref="IWorkerBeats"/>) are read: none working leaves the API degraded, not unhealthy — search still answers, and the
/// workers' own health checks are what restarts them.
/// </summary>
public sealed class WorkerHealthCheck(IServiceProvider services, IWorkerBeats beats, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return services.GetService<IngestWorker>() is { } own ? InProcess(own, now) : await SeparateAsync(now, cancellationToken);
    }

    private static HealthCheckResult InProcess(IngestWorker worker, DateTimeOffset now)
    {
        if (worker.ExecuteTask is { IsCompleted: true } ended)
            return HealthCheckResult.Unhealthy("the ingest worker in this process has stopped" + (ended.Exception?.InnerException is { } e ? $": {e.Message}" : ""));
        var beat = worker.Beat;
        return beat.Assess(now) == WorkerCondition.Working
            ? HealthCheckResult.Healthy(beat.Describe(now))
            : HealthCheckResult.Unhealthy(beat.Describe(now));
    }

    private async Task<HealthCheckResult> SeparateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        IReadOnlyList<WorkerBeat> all;
        try
        {
            all = await beats.ReadAllAsync(now, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the workers' heartbeats cannot be read: {e.Message}", e);
        }
        var working = all.Count(b => b.Assess(now) == WorkerCondition.Working);
        var details = all.Count == 0 ? "" : ": " + string.Join("; ", all.Select(b => b.Describe(now)));
        if (working == 0)
            return HealthCheckResult.Degraded("no ingest worker is working: uploads and watch folders wait in the queue until one runs (kb worker)" + details);
        if (all.Any(b => b.Assess(now) == WorkerCondition.Stalled))
            return HealthCheckResult.Degraded($"{working} ingest worker(s) working{details}");
        return HealthCheckResult.Healthy($"{working} ingest worker(s) working{details}");
    }
}
