using System.Text.Encodings.Web;
using KnowledgeBase.Api.Answers;
using KnowledgeBase.Api.Endpoints;
using KnowledgeBase.Api.Health;
using KnowledgeBase.Api.Security;
using KnowledgeBase.Api.Uploads;
using KnowledgeBase.Configuration;
using KnowledgeBase.Hosting;
using KnowledgeBase.Hosting.Configuration;
using KnowledgeBase.Storage.Embedded;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
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
        // Readable lines by default, JSON with Logging:Console:FormatterName=json; request steps only at Warning.
        ConsoleLogging.AddLoggingDefaultsBelow(builder.Configuration, includeScopes: false);
        builder.Logging.AddConsoleTimestamps();

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
        services.Configure<JwtOptions>(builder.Configuration.GetSection(JwtOptions.Section));
        services.AddSettingsValidation<ApiOptions, ApiOptionsValidation>();
        services.AddSettingsValidation<ChatOptions, ChatOptionsValidation>();
        services.AddSettingsValidation<JwtOptions, JwtOptionsValidation>();
        services.AddApiHealthChecks();
        services.AddSingleton<UploadStaging>();
        services.AddSingleton<ExtractiveAnswerer>();
        services.AddSingleton<ChatAnswerer>();
        services.AddSingleton<AnswerService>();
        services.AddTrustedProxies(builder.Configuration);
        services.AddHostNameFiltering(builder.Configuration, builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
        services.AddApiAuthentication(builder.Configuration, apiOptions);
        services.AddUrlCredentialRedaction();
        services.AddApiRateLimiting(apiOptions);
        services.AddQueryRequestLine();
        services.AddQueryTimeouts(apiOptions, builder.Configuration.GetSection(ChatOptions.Section).Get<ChatOptions>() ?? new ChatOptions());
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = apiOptions.MaxUploadBytes + 256 * 1024);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Explain);
        services.AddExceptionHandler<StaleIndexHandler>();
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
        ReportDataDirectory(app);
        app.ReportAnyHostName();
        app.UseTrustedProxies();
        app.UseExceptionHandler();
        app.UseSecurityHeaders();
        app.UseNoCredentialsInUrls();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles(StaticContent.Options());
        app.UseApiAuthentication();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.UseAuthorization();

        app.MapApiHealth();
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

    /// <summary>
    /// Logs, once the server listens, which knowledge base it serves, or that the folder holds none yet: a mistyped
    /// <c>--data</c> shows at once rather than as a page that never finds anything.
    /// </summary>
    private static void ReportDataDirectory(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<KnowledgeBaseOptions>>().Value;
        // With Qdrant the documents live on its server, not in the folder.
        if (!string.Equals(options.Store, "Embedded", StringComparison.OrdinalIgnoreCase)) return;
        var data = options.DataDirectory;
        // Checked now: the worker and the store create the database as they start.
        var existed = File.Exists(Path.Combine(data, SqliteDatabase.FileName));
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiHost));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (existed) logger.LogInformation("Serving the knowledge base in {DataDirectory}", data);
            else logger.LogWarning("No knowledge base in {DataDirectory} yet: starting empty (add documents with kb ingest --data, or upload them)", data);
        });
    }
}
