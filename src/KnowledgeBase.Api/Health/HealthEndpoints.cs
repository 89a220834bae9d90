using System.Text.Json;
using KnowledgeBase.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeBase.Api.Health;

/// <summary>
/// Health as ASP.NET Core reports it: <c>/health/live</c> (the process answers; nothing else is checked, so an outage of
/// the store never gets the API restarted), <c>/health/ready</c> (the store and the shared state answer, uploads are
/// being ingested) and <c>/health</c> (the same as ready, kept for existing probes). 200 when healthy or degraded, 503
/// when unhealthy.
/// Anyone but staff and admins gets the overall status only (<c>{"status":"ok"}</c>): a probe needs no more, and each
/// check's findings and the store's document and passage counts would tell an anonymous visitor or a partner how much
/// restricted or pending material exists and what runs behind the service. Staff and admins see every check, what it
/// found and the counts.
/// </summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddApiHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [ReadyTag])
            .AddCheck<StateHealthCheck>("state", tags: [ReadyTag])
            .AddCheck<WorkerHealthCheck>("worker", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapApiHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).WithTags("Health");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).WithTags("Health");
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).WithTags("Health");
        return app;
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        var staff = (await authorization.AuthorizeAsync(context.User, Policies.Staff)).Succeeded;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", Name(report.Status));
        if (staff) WriteDetails(json, report);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    /// <summary>Each check with what it found, and the store's counts (staff and admins only).</summary>
    private static void WriteDetails(Utf8JsonWriter json, HealthReport report)
    {
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", Name(entry.Status));
            if (entry.Description is { } description) json.WriteString("description", description);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        if (report.Entries.TryGetValue("store", out var store))
            foreach (var (key, value) in store.Data)
                if (value is int or long) json.WriteNumber(key, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>"ok" for healthy, as <c>/health</c> has always answered; the other states by name.</summary>
    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "ok",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
