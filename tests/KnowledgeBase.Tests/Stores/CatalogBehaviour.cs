using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;
using static KnowledgeBase.Tests.Stores.StoreCorpus;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// What the API's document list, facets, "similar" look-up, approval and query translation need from a store, run
/// against each store by a subclass: <see cref="IDocumentCatalog"/>, <see cref="IDocumentReview"/> and
/// <see cref="ITermStatistics"/> as the host resolves them, over the <see cref="StoreCorpus"/> documents. Every expected
/// value is written out, so the stores must agree with each other by agreeing with the test.
/// </summary>
public abstract class CatalogBehaviour
{
    /// <summary>A fresh, empty store; skips the test (visibly) when the store cannot run here.</summary>
    protected abstract Task<StoreHost> CreateHostAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<StoreHost> SeededAsync(IEnumerable<DocumentSubmission>? documents = null)
    {
        var host = await CreateHostAsync();
        foreach (var submission in documents ?? All()) await host.Store.UpsertAsync(submission, Ct);
        return host;
    }

    private static RetrievalQuery Query(StoreHost host, string text) => host.Services.GetRequiredService<QueryAnalyzer>().Analyze(text).Retrieval;

    private static async Task<string[]> ListedAsync(StoreHost host, SearchFilter filter, int offset = 0, int limit = 200) =>
        (await host.Catalog.ListAsync(new DocumentListRequest(filter, offset, limit), Ct)).Documents.Select(d => d.Id).ToArray();

    private static DocumentSubmission At(DocumentSubmission s, int minutes) =>
        s with { Document = s.Document with { IngestedAt = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero).AddMinutes(minutes) } };

    public static TheoryData<string, string[]> VisibleDocuments => StoreBehaviour.VisibleDocuments;

    [Theory]
    [MemberData(nameof(VisibleDocuments))]
    public async Task Each_scope_lists_counts_and_looks_up_exactly_what_it_may_see(string scopeName, string[] visible)
    {
        await using var host = await SeededAsync();
        var filter = new SearchFilter(Scope(scopeName));

        var list = await host.Catalog.ListAsync(new DocumentListRequest(filter, 0, 200), Ct);
        Assert.Equal(visible.Length, list.Total);
        Assert.Equal(visible, list.Documents.Select(d => d.Id).Order(StringComparer.Ordinal));

        var facets = await host.Catalog.FacetsAsync(filter, null, Ct);
        Assert.Equal(visible.Length, facets.Documents);
        Assert.Equal(All().Where(s => visible.Contains(s.Document.Id)).Sum(s => s.Passages.Count), facets.Passages);
        // Every document's first passage says 广西 or Guangxi, and nothing else does.
        var matched = await host.Catalog.FacetsAsync(filter, Query(host, "广西 Guangxi"), Ct);
        Assert.Equal((visible.Length, visible.Length), (matched.Documents, matched.Passages));

        foreach (var id in new[] { "dA", "dB", "dC", "dD", "dE" })
        {
            var passage = await host.Catalog.GetPassageAsync(id + ":0", filter, Ct);
            if (visible.Contains(id)) Assert.Equal(All().Single(s => s.Document.Id == id).Passages[0], passage);
            else Assert.Null(passage);
        }
    }

    [Fact]
    public async Task Listing_is_newest_first_with_ties_by_id_and_pages_through_everything()
    {
        // dC and dD were ingested in the same instant: the id decides, on every page boundary.
        await using var host = await SeededAsync([At(BorderTrade(), 0), At(RuralInternal(), 2), At(FinanceRestricted(), 1), At(EcologyPending(), 1), At(EnglishTrade(), 3)]);
        string[] newestFirst = ["dE", "dB", "dC", "dD", "dA"];

        Assert.Equal(newestFirst, await ListedAsync(host, new SearchFilter(Staff)));
        for (var offset = 0; offset <= 6; offset++)
        {
            for (var limit = 1; limit <= 6; limit++)
            {
                var page = await host.Catalog.ListAsync(new DocumentListRequest(new SearchFilter(Staff), offset, limit), Ct);
                Assert.Equal((5, offset, limit), (page.Total, page.Offset, page.Limit));
                Assert.Equal(newestFirst.Skip(offset).Take(limit), page.Documents.Select(d => d.Id));
            }
        }
        Assert.Equal(["dE"], await ListedAsync(host, new SearchFilter(Staff), offset: -3, limit: 0)); // clamped to 0 and 1
        Assert.Equal(["dE", "dA"], await ListedAsync(host, new SearchFilter(Anonymous)));
        Assert.Equal(["dD", "dA"], await ListedAsync(host, new SearchFilter(PartnerBScope), offset: 1));
    }

    [Fact]
    public async Task Listing_searches_titles_orders_by_year_title_or_age_and_separates_pending_documents()
    {
        var undated = Make("dF", "未注明年份的简报", new DocumentMetadata { Language = "zh" }, "广西简报。");
        await using var host = await SeededAsync([At(BorderTrade(), 0), At(RuralInternal(), 2), At(FinanceRestricted(), 1), At(EcologyPending(), 1), At(EnglishTrade(), 3), At(undated, 4)]);
        async Task<string> ListAsync(DocumentListRequest request)
        {
            var list = await host.Catalog.ListAsync(request, Ct);
            return $"{list.Total}: {string.Join(' ', list.Documents.Select(d => d.Id))}";
        }
        var staff = new SearchFilter(Staff);

        Assert.Equal("6: dA dC dD dB dE dF", await ListAsync(new DocumentListRequest(staff, 0, 10) { Ascending = true }));
        // Undated documents come last whichever way years run.
        Assert.Equal("6: dD dB dC dA dE dF", await ListAsync(new DocumentListRequest(staff, 0, 10) { Sort = DocumentSort.Year }));
        Assert.Equal("6: dE dA dC dB dD dF", await ListAsync(new DocumentListRequest(staff, 0, 10) { Sort = DocumentSort.Year, Ascending = true }));
        Assert.Equal("6: dB dC", await ListAsync(new DocumentListRequest(staff, 1, 2) { Sort = DocumentSort.Year }));
        // Latin letters before Han characters, Han characters by code point, case ignored.
        Assert.Equal("6: dE dC dB dD dA dF", await ListAsync(new DocumentListRequest(staff, 0, 10) { Sort = DocumentSort.Title, Ascending = true }));
        Assert.Equal("6: dF dA dD dB dC dE", await ListAsync(new DocumentListRequest(staff, 0, 10) { Sort = DocumentSort.Title }));

        Assert.Equal("1: dE", await ListAsync(new DocumentListRequest(staff, 0, 10) { TitleContains = "border TRADE" }));
        Assert.Equal("1: dA", await ListAsync(new DocumentListRequest(staff, 0, 10) { TitleContains = "报告" }));
        Assert.Equal("0: ", await ListAsync(new DocumentListRequest(staff, 0, 10) { TitleContains = "100%_" }));
        // Search and order work inside the filter.
        Assert.Equal("2: dA dE", await ListAsync(new DocumentListRequest(new SearchFilter(Anonymous) { DocumentTypes = ["研究报告"] }, 0, 10) { Sort = DocumentSort.Year }));

        Assert.Equal("1: dD", await ListAsync(new DocumentListRequest(staff, 0, 10) { PendingReview = true }));
        Assert.Equal("5: dF dE dB dC dA", await ListAsync(new DocumentListRequest(staff, 0, 10) { PendingReview = false }));
        // The review filter never widens the caller's scope.
        Assert.Equal("0: ", await ListAsync(new DocumentListRequest(new SearchFilter(PartnerAScope), 0, 10) { PendingReview = true }));
        Assert.Equal("1: dD", await ListAsync(new DocumentListRequest(new SearchFilter(PartnerBScope), 0, 10) { PendingReview = true, TitleContains = "待审" }));
    }

    [Fact]
    public async Task Listing_applies_every_filter_to_the_page_and_the_total()
    {
        await using var host = await SeededAsync();
        // "total: ids" — the total must count exactly the documents listed.
        async Task<string> ListAsync(SearchFilter filter)
        {
            var list = await host.Catalog.ListAsync(new DocumentListRequest(filter, 0, 200), Ct);
            return $"{list.Total}: {string.Join(' ', list.Documents.Select(d => d.Id).Order(StringComparer.Ordinal))}";
        }

        Assert.Equal("2: dA dC", await ListAsync(new SearchFilter(Staff) { YearFrom = 2021, YearTo = 2022 }));
        Assert.Equal("1: dC", await ListAsync(new SearchFilter(Staff) { Organisations = ["广西社会科学院"] }));
        Assert.Equal("2: dA dE", await ListAsync(new SearchFilter(Staff) { DocumentTypes = ["研究报告"] }));
        Assert.Equal("2: dA dC", await ListAsync(new SearchFilter(Staff) { Tags = ["金融", "边境贸易"] }));
        Assert.Equal("1: dE", await ListAsync(new SearchFilter(Staff) { Language = "en" }));
        Assert.Equal("1: dB", await ListAsync(new SearchFilter(Staff) { DocumentId = "dB" }));
        Assert.Equal("0: ", await ListAsync(new SearchFilter(Anonymous) { DocumentId = "dB" }));
        Assert.Equal("0: ", await ListAsync(new SearchFilter(PartnerAScope) { Tags = ["生态"] }));
    }

    [Fact]
    public async Task Listed_documents_carry_their_metadata()
    {
        await using var host = await SeededAsync();
        var listed = (await host.Catalog.ListAsync(new DocumentListRequest(new SearchFilter(Staff) { DocumentId = "dC" }, 0, 10), Ct)).Documents.Single();
        var expected = FinanceRestricted().Document;
        Assert.Equal((expected.Id, expected.Title, expected.Source, expected.ContentHash, expected.MediaType, expected.PageCount, expected.PassageCount, expected.IngestedAt),
            (listed.Id, listed.Title, listed.Source, listed.ContentHash, listed.MediaType, listed.PageCount, listed.PassageCount, listed.IngestedAt));
        var m = listed.Metadata;
        Assert.Equal(("广西社会科学院", 2022, "政策文件", "zh", Visibility.Restricted, false), (m.Organisation, m.Year, m.DocumentType, m.Language, m.Visibility, m.PendingReview));
        Assert.Equal(["金融"], m.Tags);
        Assert.Equal([PartnerA], m.SharedWith);
        var pending = (await host.Catalog.ListAsync(new DocumentListRequest(new SearchFilter(PartnerBScope) { DocumentId = "dD" }, 0, 10), Ct)).Documents.Single().Metadata;
        Assert.Equal((PartnerB, true), (pending.OwnerOrganisation, pending.PendingReview));
    }

    [Fact]
    public async Task Facets_count_documents_per_value_most_frequent_first_then_by_value()
    {
        await using var host = await SeededAsync();

        var all = await host.Catalog.FacetsAsync(new SearchFilter(Staff), null, Ct);
        Assert.Equal((5, 8), (all.Documents, all.Passages));
        Assert.Equal([new("Guangxi Academy", 1), new("崇左市政协", 1), new("广西壮族自治区政协", 1), new("广西社会科学院", 1), new(PartnerB, 1)], all.Organisations);
        Assert.Equal([new("研究报告", 2), new("建议", 1), new("政策文件", 1), new("调研报告", 1)], all.Types);
        Assert.Equal([new("开放", 2), new("乡村振兴", 1), new("生态", 1), new("边境贸易", 1), new("金融", 1)], all.Tags);
        Assert.Equal([new("zh", 4), new("en", 1)], all.Languages);
        Assert.Equal([new("2019", 1), new("2021", 1), new("2022", 1), new("2023", 1), new("2024", 1)], all.Years);

        var anonymous = await host.Catalog.FacetsAsync(new SearchFilter(Anonymous), null, Ct);
        Assert.Equal((2, 4), (anonymous.Documents, anonymous.Passages));
        Assert.Equal([new("Guangxi Academy", 1), new("崇左市政协", 1)], anonymous.Organisations);
        Assert.Equal([new FacetValue("研究报告", 2)], anonymous.Types);
        Assert.Equal([new("开放", 2), new("边境贸易", 1)], anonymous.Tags);
        Assert.Equal([new("en", 1), new("zh", 1)], anonymous.Languages);

        var filtered = await host.Catalog.FacetsAsync(new SearchFilter(Staff) { Tags = ["开放"] }, null, Ct);
        Assert.Equal((2, 4), (filtered.Documents, filtered.Passages));
        Assert.Equal([new FacetValue("研究报告", 2)], filtered.Types);
    }

    [Fact]
    public async Task Facets_under_a_query_count_the_visible_documents_it_matches()
    {
        await using var host = await SeededAsync();

        // 冷链 is in dA's second passage only; 广西 in the first passage of every Chinese document.
        var coldChain = await host.Catalog.FacetsAsync(new SearchFilter(Staff), Query(host, "冷链运输"), Ct);
        Assert.Equal((1, 1), (coldChain.Documents, coldChain.Passages));
        Assert.Equal([new FacetValue("崇左市政协", 1)], coldChain.Organisations);
        var guangxi = await host.Catalog.FacetsAsync(new SearchFilter(Staff), Query(host, "广西"), Ct);
        Assert.Equal(4, guangxi.Documents);
        Assert.Equal([new("2021", 1), new("2022", 1), new("2023", 1), new("2024", 1)], guangxi.Years);

        // Anonymous readers see public, approved documents only: dA and dE, and of those only dA mentions 广西.
        var anonymous = await host.Catalog.FacetsAsync(new SearchFilter(Anonymous), Query(host, "广西"), Ct);
        Assert.Equal(1, anonymous.Documents);
        Assert.Equal(["开放", "边境贸易"], anonymous.Tags.Select(t => t.Value).Order(StringComparer.Ordinal));
        Assert.Equal(0, (await host.Catalog.FacetsAsync(new SearchFilter(PartnerAScope), Query(host, "横向生态补偿"), Ct)).Documents);

        // Phrases must occur and excluded words must not, as in search.
        var excluded = await host.Catalog.FacetsAsync(new SearchFilter(Staff), Query(host, "口岸 -冷链"), Ct);
        Assert.Equal((1, 1), (excluded.Documents, excluded.Passages));
        var phrase = await host.Catalog.FacetsAsync(new SearchFilter(Staff), Query(host, "口岸 \"果蔬进出口\""), Ct);
        Assert.Equal((1, 1), (phrase.Documents, phrase.Passages));
        var both = await host.Catalog.FacetsAsync(new SearchFilter(Staff), Query(host, "口岸"), Ct);
        Assert.Equal((1, 2), (both.Documents, both.Passages));

        // A query with nothing to match counts nothing (not everything).
        var nothing = await host.Catalog.FacetsAsync(new SearchFilter(Staff), new RetrievalQuery(), Ct);
        Assert.Equal((0, 0), (nothing.Documents, nothing.Passages));
        Assert.Empty(nothing.Types);
    }

    [Fact]
    public async Task A_replaced_documents_old_passages_are_not_counted()
    {
        await using var host = await SeededAsync();
        await host.Store.UpsertAsync(Make("dA", "崇左跨境劳务合作报告", new DocumentMetadata { Organisation = "崇左市政协", Language = "zh" },
            "中越跨境劳务合作试点进展顺利。"), Ct);

        var coldChain = await host.Catalog.FacetsAsync(new SearchFilter(Staff), Query(host, "冷链运输"), Ct);
        Assert.Equal((0, 0), (coldChain.Documents, coldChain.Passages));
        Assert.Equal(3, (await host.Catalog.FacetsAsync(new SearchFilter(Staff), Query(host, "广西"), Ct)).Documents);
        var labour = await host.Catalog.FacetsAsync(new SearchFilter(Staff), Query(host, "劳务合作"), Ct);
        Assert.Equal((1, 1), (labour.Documents, labour.Passages));
        Assert.Equal(7, (await host.Catalog.FacetsAsync(new SearchFilter(Staff), null, Ct)).Passages);
    }

    [Fact]
    public async Task Passage_look_up_finds_what_similar_starts_from()
    {
        await using var host = await SeededAsync();
        Assert.Equal(BorderTrade().Passages[1], await host.Catalog.GetPassageAsync("dA:1", new SearchFilter(Anonymous), Ct));
        Assert.Null(await host.Catalog.GetPassageAsync("dA:9", new SearchFilter(Staff), Ct));
        Assert.Null(await host.Catalog.GetPassageAsync("missing:0", new SearchFilter(Staff), Ct));
        Assert.Null(await host.Catalog.GetPassageAsync("dC:0", new SearchFilter(PartnerBScope), Ct));
        Assert.NotNull(await host.Catalog.GetPassageAsync("dC:0", new SearchFilter(PartnerAScope), Ct));
        // The same filter as search: a passage outside the requested document does not count.
        Assert.Null(await host.Catalog.GetPassageAsync("dA:0", new SearchFilter(Staff) { DocumentId = "dB" }, Ct));
    }

    [Fact]
    public async Task Approving_a_pending_upload_shows_it_wherever_its_visibility_allows()
    {
        await using var host = await SeededAsync();
        Assert.Equal(["dA", "dE"], (await ListedAsync(host, new SearchFilter(Anonymous))).Order(StringComparer.Ordinal));
        Assert.Null(await host.Catalog.GetPassageAsync("dD:0", new SearchFilter(Anonymous), Ct));

        Assert.True(await host.Review.ApproveAsync("dD", Ct));

        Assert.Equal(["dA", "dD", "dE"], (await ListedAsync(host, new SearchFilter(Anonymous))).Order(StringComparer.Ordinal));
        var document = await host.Store.GetDocumentAsync("dD", Anonymous, Ct);
        Assert.False(document?.Metadata.PendingReview);
        Assert.Equal(EcologyPending().Passages, await host.Store.GetPassagesAsync("dD", Anonymous, Ct));
        Assert.NotNull(await host.Catalog.GetPassageAsync("dD:0", new SearchFilter(PartnerAScope), Ct));
        Assert.Equal(3, (await host.Catalog.FacetsAsync(new SearchFilter(Anonymous), null, Ct)).Documents);
        Assert.Equal(1, (await host.Catalog.FacetsAsync(new SearchFilter(Anonymous), Query(host, "横向生态补偿"), Ct)).Documents);
        var hits = (await host.Search.SearchAsync(new SearchRequest("横向生态补偿", new SearchFilter(Anonymous), 10), Ct)).Results;
        Assert.Contains(hits, h => h.DocumentId == "dD");

        // Approving again, or an approved document, changes nothing; a missing document is reported.
        Assert.True(await host.Review.ApproveAsync("dD", Ct));
        Assert.True(await host.Review.ApproveAsync("dA", Ct));
        Assert.Equal(BorderTrade().Document.Metadata.Visibility, (await host.Store.GetDocumentAsync("dA", Anonymous, Ct))?.Metadata.Visibility);
        Assert.False(await host.Review.ApproveAsync("missing", Ct));
        Assert.Equal(5, (await host.Catalog.FacetsAsync(new SearchFilter(Staff), null, Ct)).Documents);
    }

    /// <summary>The passages' analysed words as the word index holds them: title, headings and text.</summary>
    private static List<HashSet<string>> PassageWords() => All().SelectMany(s => s.Passages.Select(p =>
        TestServices.Analyzer.Words(s.Document.Title).Concat(TestServices.Analyzer.Words(p.HeadingPath)).Concat(TestServices.Analyzer.Words(p.Text))
            .Select(t => t.Text).ToHashSet(StringComparer.Ordinal))).ToList();

    [Fact]
    public async Task Term_statistics_count_the_passages_holding_every_word()
    {
        await using var host = await SeededAsync();
        var statistics = host.Services.GetRequiredService<ITermStatistics>();
        var words = TestServices.Analyzer;
        IReadOnlyList<string> Terms(string text) => words.QueryWords(text).Select(t => t.Text).Distinct().ToList();
        IReadOnlyList<IReadOnlyList<string>> conjunctions =
        [
            [], Terms("广西"), Terms("概述"), Terms("口岸"), Terms("广西 甘蔗"), Terms("customs facilitation"), Terms("trade"),
            Terms("边境贸易 广西"), Terms("潜水艇"), [.. Terms("口岸"), .. Terms("生态")], Terms("广西"),
        ];

        var counts = statistics.CountPassages(conjunctions);

        var passages = PassageWords();
        Assert.Equal(conjunctions.Select(c => (long)passages.Count(p => c.All(p.Contains))), counts);
        // Written out too, so the oracle above cannot hide a mistake: 8 passages, 广西 in 4, every heading says 概述.
        Assert.Equal([8L, 4L, 8L, 2L, 1L, 1L, 0L], new[] { counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[8] });

        await host.Store.DeleteAsync("dA", Ct);
        Assert.Equal([6L, 3L, 0L], statistics.CountPassages([[], Terms("广西"), Terms("口岸")]));
    }

    [Fact]
    public async Task Translation_is_chosen_by_the_stores_own_statistics()
    {
        await using var host = await CreateHostAsync();
        // The dictionary ranks 兴趣 ("an interest in painting") first for "interest"; this library means 利息, next to 借款.
        foreach (var (id, text) in new[] { ("law", "借款的利息不得预先在本金中扣除。"), ("law2", "借款人应当按照约定的期限向贷款人支付利息。"), ("news", "他从小对绘画很有兴趣。") })
            await host.Store.UpsertAsync(Make(id, "文书", new DocumentMetadata(), text), Ct);
        var translator = host.Services.GetServices<IQueryExpander>().OfType<EnglishToChineseExpander>().Single();
        var translations = translator.Translate(TestServices.Analyzer.Normalize("interest on a loan")).ToList();
        Assert.Equal("兴趣", translations.Single(t => t.Source == "interest").Targets[0]);

        var chosen = host.Services.GetRequiredService<TranslationSelector>().Select(translations, Ct);

        Assert.Equal("利息", chosen.Single(t => t.Source == "interest").Targets[0]);
        Assert.Contains("借款", chosen.Single(t => t.Source == "loan").Targets);
    }
}

/// <summary>The catalog suite against the embedded SQLite store; always runs.</summary>
public sealed class EmbeddedCatalogBehaviour : CatalogBehaviour
{
    protected override Task<StoreHost> CreateHostAsync() => Task.FromResult(StoreHost.Create());
}

/// <summary>
/// The catalog suite against a real Qdrant server at <c>QDRANT_URL</c>, each test in a throw-away collection; reported
/// as skipped without it.
/// </summary>
public sealed class QdrantCatalogBehaviour : CatalogBehaviour
{
    protected override Task<StoreHost> CreateHostAsync() => QdrantHosts.RealAsync();
}

/// <summary>
/// The catalog suite in Qdrant mode against <see cref="InMemoryQdrant"/>; always runs. It proves the Qdrant catalog,
/// review and term statistics compute the right answers from the requests they send, given Qdrant's documented filter,
/// count, facet and ordering semantics as the fake implements them — not that Qdrant implements them so
/// (<see cref="QdrantCatalogBehaviour"/> does, with <c>QDRANT_URL</c>). No test here depends on ranking.
/// </summary>
public sealed class InMemoryQdrantCatalogBehaviour : CatalogBehaviour
{
    protected override Task<StoreHost> CreateHostAsync() => Task.FromResult(QdrantHosts.InMemory(new InMemoryQdrant()));
}
