using KnowledgeBase.Configuration;
using KnowledgeBase.Hosting.Configuration;
using KnowledgeBase.Jobs;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Jobs;
using KnowledgeBase.Storage.Embedded.Keys;
using KnowledgeBase.Storage.Embedded.Originals;
using KnowledgeBase.Storage.Postgres;
using KnowledgeBase.Storage.Postgres.Jobs;
using KnowledgeBase.Storage.Postgres.Keys;
using KnowledgeBase.Storage.Postgres.Originals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Hosting;

/// <summary>
/// Registers the state every process of one knowledge base shares, beside the store: the ingest queue, the ingest
/// ledger, API keys, the kept originals and the workers' heartbeats. <c>KnowledgeBase:State</c> picks where it lives:
/// <c>Embedded</c> (default: the data directory's SQLite database, <c>files/</c> and <c>workers/</c> folders, shared by
/// the processes of one host) or <c>Postgres</c> (<c>KnowledgeBase:Postgres:ConnectionString</c>: shared by processes on
/// any number of hosts).
/// </summary>
public static class StateRegistration
{
    public const string Embedded = "Embedded", Postgres = "Postgres";

    public static IServiceCollection AddSharedState(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IngestQueueOptions>(configuration.GetSection($"{KnowledgeBaseOptions.Section}:Queue"));
        services.AddSettingsValidation<IngestQueueOptions, IngestQueueOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);
        var state = configuration[$"{KnowledgeBaseOptions.Section}:{nameof(KnowledgeBaseOptions.State)}"];
        if (string.IsNullOrWhiteSpace(state) || string.Equals(state, Embedded, StringComparison.OrdinalIgnoreCase)) return AddEmbeddedState(services);
        if (string.Equals(state, Postgres, StringComparison.OrdinalIgnoreCase)) return AddPostgresState(services, configuration);
        throw new OptionsValidationException($"{KnowledgeBaseOptions.Section}:State", typeof(KnowledgeBaseOptions),
            [$"KnowledgeBase:State must be '{Embedded}' or '{Postgres}', not '{state}'."]);
    }

    private static IServiceCollection AddEmbeddedState(IServiceCollection services)
    {
        services.TryAddSingleton<SqliteIngestQueue>();
        services.TryAddSingleton<IIngestQueue>(sp => sp.GetRequiredService<SqliteIngestQueue>());
        services.TryAddSingleton<IIngestLedger, SqliteIngestLedger>();
        services.TryAddSingleton<IApiKeyStore, SqliteApiKeyStore>();
        services.TryAddSingleton<IOriginalFileStore>(sp => new FileOriginalStore(
            Path.Combine(sp.GetRequiredService<IOptions<KnowledgeBaseOptions>>().Value.DataDirectory, "files")));
        services.TryAddSingleton<IWorkerBeats, FileWorkerBeats>();
        return services;
    }

    private static IServiceCollection AddPostgresState(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PostgresOptions>().Bind(configuration.GetSection(PostgresOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<PostgresDatabase>();
        services.TryAddSingleton<IIngestQueue, PostgresIngestQueue>();
        services.TryAddSingleton<IIngestLedger, PostgresIngestLedger>();
        services.TryAddSingleton<IApiKeyStore, PostgresApiKeyStore>();
        services.TryAddSingleton<IOriginalFileStore, PostgresOriginalStore>();
        services.TryAddSingleton<IReviewLog, PostgresReviewLog>();
        // Heartbeats beside the queue, so every API replica sees the workers of every host.
        services.TryAddSingleton<IWorkerBeats, PostgresWorkerBeats>();
        // Hosts (API, worker) migrate the schema before serving, so a wrong connection string stops start-up with the
        // reason; the CLI, which runs no hosted services, migrates on first use.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresSchemaStartup>());
        return services;
    }
}

/// <summary>Brings the shared-state schema up to date when the host starts.</summary>
internal sealed class PostgresSchemaStartup(PostgresDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
