using KnowledgeBase.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeBase.Api.Health;

/// <summary>
/// Ready when the shared state answers: the ingest queue (with the keys, the ledger and the heartbeats beside it) in the
/// data directory's database, or in PostgreSQL with <c>KnowledgeBase:State=Postgres</c>. Without it no key can be
/// checked and no upload queued, whatever the store says.
/// </summary>
public sealed class StateHealthCheck(IIngestQueue queue) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var queued = await queue.SummarizeAsync(recentFailures: 0, cancellationToken);
            return HealthCheckResult.Healthy($"the shared state answers; ingest queue: {queued.Queued} queued, {queued.Running} running, {queued.Failed} failed");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the shared state (ingest queue, keys) does not answer: {e.Message}", e);
        }
    }
}
