using KnowledgeBase.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeBase.Api.Health;

/// <summary>Ready when the store answers a query (SQLite opens and reads; Qdrant is reachable and has the collection).</summary>
public sealed class StoreHealthCheck(IKnowledgeStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var statistics = await store.GetStatisticsAsync(cancellationToken);
            return HealthCheckResult.Healthy("the store answers", new Dictionary<string, object>
            {
                ["documents"] = statistics.Documents,
                ["passages"] = statistics.Passages,
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the store does not answer: {e.Message}", e);
        }
    }
}
