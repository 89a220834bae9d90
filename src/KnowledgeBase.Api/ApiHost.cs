using System.Text.Encodings.Web;
using KnowledgeBase.Api.Answers;
using KnowledgeBase.Api.Endpoints;
using KnowledgeBase.Api.Security;
using KnowledgeBase.Api.Uploads;
using KnowledgeBase.Hosting;
using KnowledgeBase.Storage;
using Microsoft.AspNetCore.Http.Features;
using Scalar.AspNetCore;

namespace KnowledgeBase.Api;

/// <summary>Builds the web application; tests start the same host on a free loopback port.</summary>
public static class ApiHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <param name="configure">Lets a caller (the worker's host, tests) add services before the app is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--data"] = "KnowledgeBase:DataDirectory",
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);

        var apiOptions = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        var services = builder.Services;
        services.AddKnowledgeBase(builder.Configuration);
        services.AddKnowledgeBaseApiServices();
        // Loads jieba and the lexicons in the background once the server listens: /health does not wait for them and
        // the first search does not pay for them.
        services.AddSearchWarmup();
        // Uploads and re-index requests go to the durable ingest queue (part of the shared state). By default the worker
        // runs in this process; with KnowledgeBase:Api:InProcessWorker=false separate worker processes (KnowledgeBase.Ingest
        // / kb worker) on the same shared state take the jobs.
        if (apiOptions.InProcessWorker) services.AddIngestWorker(builder.Configuration);
        services.Configure<ApiOptions>(builder.Configuration.GetSection(ApiOptions.Section));
        services.Configure<ChatOptions>(builder.Configuration.GetSection(ChatOptions.Section));
        services.AddSingleton<UploadStaging>();
        services.AddSingleton<ExtractiveAnswerer>();
        services.AddSingleton<ChatAnswerer>();
        services.AddSingleton<AnswerService>();
        services.AddApiAuthentication(builder.Configuration, apiOptions);
        services.AddApiRateLimiting(apiOptions);
        services.AddQueryTimeouts(apiOptions, builder.Configuration.GetSection(ChatOptions.Section).Get<ChatOptions>() ?? new ChatOptions());
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = apiOptions.MaxUploadBytes + 256 * 1024);
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "KnowledgeBase API";
            document.Info.Description = "Cited search over policy documents and think-tank studies. Sign in with an API key in the X-Api-Key header.";
            return Task.CompletedTask;
        }));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseSecurityHeaders();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles(StaticContent.Options());
        app.UseApiAuthentication();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.UseAuthorization();

        app.MapGet("/health", async (IKnowledgeStore store, CancellationToken ct) =>
        {
            var stats = await store.GetStatisticsAsync(ct);
            return Results.Ok(new { status = "ok", documents = stats.Documents, passages = stats.Passages });
        }).WithTags("Health");
        app.MapSearchEndpoints();
        app.MapPassageEndpoints();
        app.MapFailureEndpoints();
        app.MapDocumentEndpoints(apiOptions);
        app.MapJobEndpoints();
        app.MapKeyEndpoints();
        app.MapSessionEndpoints();
        app.MapAskEndpoints();
        app.MapEmbeddingEndpoints();
        app.MapOpenApi();
        // The API reference is served from this server: Scalar's script is embedded in the package, and its default web
        // fonts (fetched from Scalar's servers) are off, so the page makes no outside request.
        app.MapScalarApiReference(o => o.DisableDefaultFonts());
        return app;
    }
}
