using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded.Catalog;
using KnowledgeBase.Storage.Embedded.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KnowledgeBase.Hosting;

/// <summary>
/// Services the HTTP API needs beyond <see cref="ServiceCollectionExtensions.AddKnowledgeBase"/>: API keys, the
/// document catalog (listings, facets) and staff review. The ingest queue (<c>IIngestQueue</c>) is registered by the
/// worker's own registration, not here.
/// </summary>
public static class ApiServicesRegistration
{
    public static IServiceCollection AddKnowledgeBaseApiServices(this IServiceCollection services)
    {
        services.TryAddSingleton<IApiKeyStore, SqliteApiKeyStore>();
        services.TryAddSingleton<IDocumentCatalog, SqliteDocumentCatalog>();
        services.TryAddSingleton<IDocumentReview, SqliteDocumentReview>();
        return services;
    }
}
