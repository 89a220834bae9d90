using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Catalog;
using Microsoft.Extensions.DependencyInjection;
using static KnowledgeBase.Tests.Stores.StoreCorpus;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// Facet counts of the embedded catalog: per scope, with and without a query, and never counting the old passages of a
/// replaced document (their postings stay in the index until compaction).
/// </summary>
public sealed class DocumentFacetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<DocumentFacets> FacetsAsync(StoreHost host, SearchFilter filter, string? query)
    {
        var retrieval = query is null ? null : host.Services.GetRequiredService<QueryAnalyzer>().Analyze(query).Retrieval;
        return await new SqliteDocumentCatalog(host.Services.GetRequiredService<SqliteDatabase>()).FacetsAsync(filter, retrieval, Ct);
    }

    [Fact]
    public async Task Facets_count_the_visible_documents_a_query_matches()
    {
        await using var host = StoreHost.Create();
        await host.Store.UpsertManyAsync(All(), Ct);

        var everything = await FacetsAsync(host, new SearchFilter(Staff), null);
        Assert.Equal(5, everything.Documents);
        Assert.Equal(All().Sum(s => s.Passages.Count), everything.Passages);
        Assert.Equal([new FacetValue("研究报告", 2), new FacetValue("建议", 1), new FacetValue("政策文件", 1), new FacetValue("调研报告", 1)], everything.Types);
        Assert.Equal(new FacetValue("开放", 2), everything.Tags[0]);

        // 冷链 is in dA's second passage only; 广西 in the first passage of every Chinese document.
        var coldChain = await FacetsAsync(host, new SearchFilter(Staff), "冷链运输");
        Assert.Equal((1, 1), (coldChain.Documents, coldChain.Passages));
        Assert.Equal([new FacetValue("崇左市政协", 1)], coldChain.Organisations);
        var guangxi = await FacetsAsync(host, new SearchFilter(Staff), "广西");
        Assert.Equal(4, guangxi.Documents);
        Assert.Equal([new FacetValue("2021", 1), new FacetValue("2022", 1), new FacetValue("2023", 1), new FacetValue("2024", 1)], guangxi.Years.OrderBy(y => y.Value));

        // Anonymous readers see public, approved documents only: dA and dE, and of those only dA mentions 广西.
        var anonymous = await FacetsAsync(host, new SearchFilter(Anonymous), "广西");
        Assert.Equal(1, anonymous.Documents);
        Assert.Equal(["开放", "边境贸易"], anonymous.Tags.Select(t => t.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_replaced_documents_old_passages_are_not_counted()
    {
        await using var host = StoreHost.Create();
        await host.Store.UpsertManyAsync(All(), Ct);
        await host.Store.UpsertAsync(Make("dA", "崇左跨境劳务合作报告", new DocumentMetadata { Organisation = "崇左市政协", Language = "zh" },
            "中越跨境劳务合作试点进展顺利。"), Ct);

        var coldChain = await FacetsAsync(host, new SearchFilter(Staff), "冷链运输");
        Assert.Equal((0, 0), (coldChain.Documents, coldChain.Passages));
        Assert.Equal(3, (await FacetsAsync(host, new SearchFilter(Staff), "广西")).Documents);
        Assert.Equal((1, 1), ((await FacetsAsync(host, new SearchFilter(Staff), "劳务合作")).Documents, (await FacetsAsync(host, new SearchFilter(Staff), "劳务合作")).Passages));
    }
}
