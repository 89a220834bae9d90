using KnowledgeBase.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeBase.Api.Health;

/// <summary>
/// Ready when the store answers a query (SQLite opens and reads; Qdrant is reachable and has the collection). Degraded,
/// with the reason, when its index was built by another text analysis (<see cref="StaleIndexException"/>): searches
/// answer 503 until <c>kb reindex</c>, while documents, files and uploads still work, so the instance stays in service.
/// </summary>
public sealed class StoreHealthCheck(IKnowledgeStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var statistics = await store.GetStatisticsAsync(cancellationToken);
            var data = new Dictionary<string, object>
            {
                ["documents"] = statistics.Documents,
                ["passages"] = statistics.Passages,
            };
            try
            {
                await store.EnsureIndexCurrentAsync(cancellationToken);
            }
            catch (StaleIndexException e)
            {
                return HealthCheckResult.Degraded($"searches are refused: {e.PublicMessage}", data: data);
            }
            return HealthCheckResult.Healthy("the store answers", data);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the store does not answer: {e.Message}", e);
        }
    }
}
