using KnowledgeBase.Retrieval;
using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Text;
using KnowledgeBase.Text.Lexicons;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Hosting;

/// <summary>Registers the query expanders (translation, synonyms) and the lexicons they read.</summary>
public static class QueryUnderstandingRegistration
{
    /// <param name="knowledgeBaseSection">The <c>KnowledgeBase</c> configuration section; settings come from its <c>QueryUnderstanding</c> child.</param>
    public static IServiceCollection AddQueryUnderstanding(this IServiceCollection services, IConfiguration knowledgeBaseSection)
    {
        services.Configure<QueryExpansionOptions>(knowledgeBaseSection.GetSection(QueryExpansionOptions.Section));

        services.TryAddSingleton(sp => EnglishChineseLexicon.Load(sp.GetRequiredService<ResourceFiles>()));
        services.TryAddSingleton(sp => ChineseEnglishLexicon.Load(sp.GetRequiredService<ResourceFiles>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<QueryExpansionOptions>>().Value;
            var resources = sp.GetRequiredService<ResourceFiles>();
            var normalizer = sp.GetRequiredService<CharNormalizer>();
            // The curated list comes first: its pairs are the precise ones and win when a word's synonyms are capped.
            var groups = Enumerable.Empty<IReadOnlyList<string>>();
            if (options.PolicySynonyms) groups = groups.Concat(SynonymLexicon.ReadPolicyGroups(resources, normalizer));
            if (options.CilinSynonyms) groups = groups.Concat(SynonymLexicon.ReadCilinGroups(resources, normalizer, options.CilinMaxGroupSize));
            return new SynonymLexicon(groups);
        });

        // Order matters: translations first, so the synonym expander also sees translated words.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueryExpander, EnglishToChineseExpander>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueryExpander, SynonymExpander>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueryExpander, ChineseToEnglishExpander>());
        return services;
    }
}
