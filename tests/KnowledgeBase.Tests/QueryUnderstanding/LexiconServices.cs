using KnowledgeBase.Retrieval;
using KnowledgeBase.Retrieval.Expansion;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.QueryUnderstanding;

/// <summary>Wired services shared by the query-understanding unit tests (loading jieba and the lexicons takes a moment).</summary>
internal static class LexiconServices
{
    private static readonly Lazy<ServiceProvider> Provider = new(() => TestServices.Create(TestServices.TempDirectory()));

    public static QueryAnalyzer QueryAnalyzer => Provider.Value.GetRequiredService<QueryAnalyzer>();

    public static EnglishToChineseExpander Translator =>
        Provider.Value.GetServices<IQueryExpander>().OfType<EnglishToChineseExpander>().Single();

    public static T Get<T>() where T : notnull => Provider.Value.GetRequiredService<T>();
}
