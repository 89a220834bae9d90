using System.Net;
using KnowledgeBase.Ingestion.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Api;

/// <summary>The health endpoints of the shared API server, as an anonymous caller, a partner, a member and staff see them.</summary>
[Collection(ApiCollection.Name)]
public sealed class HealthTests(ApiFixture api)
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    public async Task Only_staff_and_admins_see_counts_and_what_the_checks_found(string path)
    {
        foreach (var client in new[] { api.Anonymous(), api.As(api.Member), api.As(api.PartnerAKey) })
        {
            var health = await client.GetJsonAsync(path);
            Assert.Equal("ok", (string)health["status"]!);
            Assert.Equal("ok", (string)health["checks"]!["store"]!["status"]!);
            Assert.Equal("ok", (string)health["checks"]!["worker"]!["status"]!);
            // The seeded internal and restricted documents must not show up as counts.
            Assert.Null(health["documents"]);
            Assert.Null(health["passages"]);
            Assert.Null(health["checks"]!["worker"]!["description"]);
        }
        foreach (var key in new[] { api.Staff, api.Admin })
        {
            var health = await api.As(key).GetJsonAsync(path);
            Assert.True((long)health["documents"]! >= 3);
            Assert.True((long)health["passages"]! >= 3);
            Assert.StartsWith("worker ", (string)health["checks"]!["worker"]!["description"]!);
        }
    }

    [Fact]
    public async Task Live_answers_without_checking_anything()
    {
        var live = await api.Anonymous().GetJsonAsync("/health/live");
        Assert.Equal("ok", (string)live["status"]!);
        Assert.Empty(live["checks"]!.AsObject());
    }
}

/// <summary>An API whose own worker has stopped answers ready with 503 and says why.</summary>
public sealed class StoppedInProcessWorkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stopped_in_process_worker_makes_the_api_unready_and_live_stays_up()
    {
        await using var server = await ApiServer.StartAsync();
        var staff = await server.CreateKeyAsync(KnowledgeBase.Security.ApiRole.Staff);
        using var client = server.Client(staff);
        Assert.Equal("ok", (string)(await client.GetJsonAsync("/health/ready"))["checks"]!["worker"]!["status"]!);

        await server.Services.GetRequiredService<IngestWorker>().StopAsync(Ct);

        var ready = await client.GetJsonAsync("/health/ready", HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", (string)ready["status"]!);
        Assert.Equal("unhealthy", (string)ready["checks"]!["worker"]!["status"]!);
        Assert.Contains("the ingest worker in this process has stopped", (string)ready["checks"]!["worker"]!["description"]!);
        Assert.Equal("ok", (string)ready["checks"]!["store"]!["status"]!);
        await client.GetJsonAsync("/health", HttpStatusCode.ServiceUnavailable);
        await client.GetJsonAsync("/health/live");
    }
}
