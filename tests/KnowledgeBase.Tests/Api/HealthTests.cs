using System.Net;
using KnowledgeBase.Ingestion.Worker;
using KnowledgeBase.Tests.State;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KnowledgeBase.Tests.Api;

/// <summary>The health endpoints of the shared API server, as an anonymous caller, a partner, a member and staff see them.</summary>
[Collection(ApiCollection.Name)]
public sealed class HealthTests(ApiFixture api)
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    [InlineData("/health/live")]
    public async Task Anyone_but_staff_gets_the_status_alone_with_no_counts_of_restricted_or_pending_documents(string path)
    {
        // The shared server holds internal and restricted documents: anonymous callers, members and partners must learn
        // nothing from health but whether the service is up.
        foreach (var client in new[] { api.Anonymous(), api.As(api.Member), api.As(api.PartnerAKey) })
        {
            var health = (await client.GetJsonAsync(path)).AsObject();
            Assert.Equal("ok", (string)health["status"]!);
            Assert.Equal(["status"], health.Select(p => p.Key));
        }
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    public async Task Staff_and_admins_see_each_check_what_it_found_and_the_counts(string path)
    {
        foreach (var key in new[] { api.Staff, api.Admin })
        {
            var health = await api.As(key).GetJsonAsync(path);
            Assert.Equal("ok", (string)health["status"]!);
            Assert.Equal("ok", (string)health["checks"]!["store"]!["status"]!);
            Assert.Equal("the store answers", (string)health["checks"]!["store"]!["description"]!);
            Assert.Equal("ok", (string)health["checks"]!["worker"]!["status"]!);
            Assert.StartsWith("worker ", (string)health["checks"]!["worker"]!["description"]!);
            Assert.True((long)health["documents"]! >= 3);
            Assert.True((long)health["passages"]! >= 3);
        }
    }

    [Fact]
    public async Task Live_answers_without_checking_anything()
    {
        var live = await api.As(api.Staff).GetJsonAsync("/health/live");
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

        // An anonymous probe (a load balancer's) sees the same 503, and nothing of why.
        using var anonymous = server.Client();
        var probe = (await anonymous.GetJsonAsync("/health/ready", HttpStatusCode.ServiceUnavailable)).AsObject();
        Assert.Equal("unhealthy", (string)probe["status"]!);
        Assert.Equal(["status"], probe.Select(p => p.Key));
    }
}

/// <summary>With <c>KnowledgeBase:State=Postgres</c>, ready follows the shared state as well as the store.</summary>
public sealed class SharedStateHealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_is_503_naming_the_shared_state_when_postgres_stops_answering()
    {
        await using var postgres = new PostgresLocation();
        postgres.Services();
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string>
        {
            ["KnowledgeBase:State"] = "Postgres",
            ["KnowledgeBase:Postgres:ConnectionString"] = PostgresLocation.SchemaConnectionString(postgres.Schema!),
        });
        var staffKey = await server.CreateKeyAsync(KnowledgeBase.Security.ApiRole.Staff);
        using var staff = server.Client(staffKey);
        var ready = await staff.GetJsonAsync("/health/ready");
        Assert.Equal("ok", (string)ready["checks"]!["state"]!["status"]!);
        Assert.StartsWith("the shared state answers; ingest queue: 0 queued", (string)ready["checks"]!["state"]!["description"]!);

        // The tables go away under the running API, as they would with the server or the database.
        await using (var connection = new NpgsqlConnection(PostgresLocation.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {postgres.Schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync(Ct);
        }

        // Keys live in the shared state too, so only the anonymous probe still gets an answer: 503 and the status alone.
        using var anonymous = server.Client();
        var probe = (await anonymous.GetJsonAsync("/health/ready", HttpStatusCode.ServiceUnavailable)).AsObject();
        Assert.Equal("unhealthy", (string)probe["status"]!);
        await anonymous.GetJsonAsync("/health/live");
        var check = await server.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>()
            .CheckHealthAsync(c => c.Name == "state", Ct);
        Assert.StartsWith("the shared state (ingest queue, keys) does not answer", check.Entries["state"].Description);
    }
}
