using System.Text.Encodings.Web;
using KnowledgeBase.Configuration;
using KnowledgeBase.Hosting;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api;

/// <summary>Builds the web application; tests start the same host on a free loopback port.</summary>
public static class ApiHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--data"] = "KnowledgeBase:DataDirectory",
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        builder.Services.AddKnowledgeBase(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });

        var app = builder.Build();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/health", async (IKnowledgeStore store, CancellationToken ct) =>
        {
            var stats = await store.GetStatisticsAsync(ct);
            return Results.Ok(new { status = "ok", documents = stats.Documents, passages = stats.Passages });
        });
        app.MapGet("/api/search", async (string? q, int? top, int? offset, SearchService search, IOptions<RetrievalOptions> options, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(q)) return Results.Problem("The query parameter 'q' is required.", statusCode: 400);
            var request = new SearchRequest(q, new SearchFilter(AccessScope.PublicOnly), Math.Clamp(top ?? 10, 1, options.Value.MaxTop), Math.Max(0, offset ?? 0));
            return Results.Ok(await search.SearchAsync(request, ct));
        });
        return app;
    }
}
