using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KnowledgeBase.Hosting;

/// <summary>
/// Services the HTTP API needs beyond <see cref="ServiceCollectionExtensions.AddKnowledgeBase"/> (which registers the
/// shared state: queue, ledger, API keys, originals): the document catalog (listings, facets) and staff review.
/// </summary>
public static class ApiServicesRegistration
{
    public static IServiceCollection AddKnowledgeBaseApiServices(this IServiceCollection services)
    {
        services.TryAddSingleton<IDocumentCatalog, SqliteDocumentCatalog>();
        services.TryAddSingleton<IDocumentReview, SqliteDocumentReview>();
        return services;
    }
}
