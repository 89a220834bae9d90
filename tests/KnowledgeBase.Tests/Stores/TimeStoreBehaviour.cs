using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Tests.Text.Time;
using Microsoft.Extensions.DependencyInjection;
using static KnowledgeBase.Tests.Stores.StoreCorpus;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// Time-aware search as every store must run it: passages are dated when written (今年 in the 2025 report is 2025), the
/// time signals run inside the store's filtered search (never past the access filter), and results carry what was
/// resolved with its offsets. Over <see cref="InMemoryQdrant"/> the ranking is a plain dot product, so these tests
/// check which passages each signal admits and what comes back, and the first place only where time alone decides it.
/// </summary>
public abstract class TimeStoreBehaviour
{
    protected abstract Task<StoreHost> CreateHostAsync(Action<IServiceCollection> configure);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Report paragraphs as the government work reports word them; the title dates each report.</summary>
    public static IReadOnlyList<DocumentSubmission> Reports() =>
    [
        Report("r2025", "2025年政府工作报告", Visibility.Public, "今年赤字率拟按4%左右安排、比上年提高1个百分点，赤字规模5.66万亿元。"),
        Report("r2019", "2019年政府工作报告", Visibility.Public, "今年赤字率拟按2.8%安排，财政赤字2.76万亿元，比去年预算高0.2个百分点。"),
        Report("r2016", "2016年政府工作报告", Visibility.Public, "今年赤字率提高到3%，财政赤字2.18万亿元，其中中央财政赤字1.4万亿元。"),
        Report("r2017", "2017年政府工作报告", Visibility.Public, "过去一年，国内生产总值达到74.4万亿元，增长6.7%，城镇新增就业1314万人。"),
        // Internal: an anonymous caller must not reach it through a time signal either.
        Report("r2024i", "2024年财政形势内部分析", Visibility.Internal, "今年赤字率按3%安排，财政赤字4.06万亿元，明年赤字率还要提高。"),
    ];

    private static DocumentSubmission Report(string id, string title, Visibility visibility, string text) =>
        Make(id, title, new DocumentMetadata { Language = "zh", Visibility = visibility }, text);

    /// <summary>Today is 2026-12-02 for every host, so 去年 in a question means 2025.</summary>
    protected static void FixedToday(IServiceCollection services) =>
        services.AddSingleton<TimeProvider>(new FixedClock(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)));

    private async Task<StoreHost> SeededAsync()
    {
        var host = await CreateHostAsync(FixedToday);
        foreach (var report in Reports()) await host.Store.UpsertAsync(report, Ct);
        return host;
    }

    private static async Task<IReadOnlyList<SearchHit>> SearchAsync(StoreHost host, string query, AccessScope? scope = null, SearchFilter? filter = null) =>
        (await host.Search.SearchAsync(new SearchRequest(query, filter ?? new SearchFilter(scope ?? Staff), Top: 20), Ct)).Results;

    [Theory]
    [InlineData("2025年财政赤字率")]
    [InlineData("去年赤字率拟按多少安排")]
    public async Task The_year_asked_about_finds_the_passage_that_says_this_year_in_that_years_report(string query)
    {
        await using var host = await SeededAsync();
        var hits = await SearchAsync(host, query);

        var first = hits[0];
        Assert.Equal("r2025:0", first.PassageId);
        Assert.Contains("time", first.Signals);
        Assert.Contains("documenttime", first.Signals);
        var thisYear = Assert.Single(first.Times, t => t.Text == "今年");
        Assert.Equal("今年 (2025)", thisYear.Label);
        Assert.Equal((0, 2), (thisYear.Start, thisYear.End));
        Assert.True(thisYear.InQuery);
        // The time signal admits exactly the passages that state 2025: the 2024 analysis by its 明年, not the 2019 and
        // 2016 reports, whose 今年 are their own years.
        Assert.Contains("time", Assert.Single(hits, h => h.DocumentId == "r2024i").Signals);
        Assert.Equal("明年 (2025)", Assert.Single(hits, h => h.DocumentId == "r2024i").Times.Single(t => t.InQuery).Label);
        foreach (var other in hits.Where(h => h.DocumentId is "r2019" or "r2016"))
        {
            Assert.DoesNotContain("time", other.Signals);
            Assert.DoesNotContain("documenttime", other.Signals);
            Assert.All(other.Times, t => Assert.False(t.InQuery));
        }
    }

    [Fact]
    public async Task An_outcome_is_admitted_from_the_next_years_review_by_its_document_year()
    {
        await using var host = await SeededAsync();
        var hits = await SearchAsync(host, "2016年国内生产总值增长了多少");
        var review = Assert.Single(hits, h => h.DocumentId == "r2017");
        Assert.Contains("time", review.Signals);
        Assert.Contains("documenttime", review.Signals);
        Assert.Equal("过去一年 (2016)", Assert.Single(review.Times).Label);
        Assert.Equal("r2017:0", hits[0].PassageId);
    }

    [Fact]
    public async Task A_passage_that_states_a_year_of_its_own_is_not_taken_for_another_by_its_documents_date()
    {
        await using var host = await SeededAsync();
        // 2015 asked: the 2016 report is among the documents that review 2015, but its passage says 今年 (2016), its plan for 2016.
        var plan = Assert.Single(await SearchAsync(host, "2015年财政赤字"), h => h.DocumentId == "r2016");
        Assert.DoesNotContain("documenttime", plan.Signals);
        Assert.DoesNotContain("time", plan.Signals);
        // 2018 asked: the 2019 report's passage states 去年 (2018) beside its own 今年, so its document's date admits it.
        var review = Assert.Single(await SearchAsync(host, "2018年财政赤字"), h => h.DocumentId == "r2019");
        Assert.Contains("documenttime", review.Signals);
        Assert.Contains("time", review.Signals);
    }

    [Fact]
    public async Task Time_signals_stay_inside_the_access_filter_and_the_callers_filters()
    {
        await using var host = await SeededAsync();
        // Staff see the internal 2024 analysis through the time signals; the public does not see it at all.
        var staff = await SearchAsync(host, "2024年赤字率");
        Assert.Contains("time", Assert.Single(staff, h => h.DocumentId == "r2024i").Signals);
        Assert.DoesNotContain(await SearchAsync(host, "2024年赤字率", Anonymous), h => h.DocumentId == "r2024i");
        // A document filter holds for every signal: 2025 is asked, only the 2019 report may answer, and none of it is 2025.
        var filtered = await SearchAsync(host, "2025年财政赤字率", filter: new SearchFilter(Staff) { DocumentId = "r2019" });
        Assert.NotEmpty(filtered);
        Assert.All(filtered, h => Assert.Equal("r2019", h.DocumentId));
        Assert.All(filtered, h => Assert.DoesNotContain("time", h.Signals));
    }

    /// <summary>The documents a search for 万亿元 (every report says it) finds under <paramref name="filter"/>, by id.</summary>
    private static async Task<string[]> DocumentsSpeakingOfAsync(StoreHost host, SearchFilter filter) =>
        [.. (await SearchAsync(host, "万亿元", filter: filter)).Select(h => h.DocumentId).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public async Task The_passage_year_filter_admits_passages_that_speak_about_the_year_whatever_their_documents_year()
    {
        await using var host = await SeededAsync();
        // 2016: the 2016 report's 今年 and the 2017 report's 过去一年; not the 2019 or 2025 reports.
        Assert.Equal(["r2016", "r2017"], await DocumentsSpeakingOfAsync(host, new SearchFilter(Staff) { PassageYears = [2016] }));
        // 2025: the 2025 report's 今年 and the internal 2024 analysis's 明年 — which the public never sees, through this filter either.
        Assert.Equal(["r2024i", "r2025"], await DocumentsSpeakingOfAsync(host, new SearchFilter(Staff) { PassageYears = [2025] }));
        Assert.Equal(["r2025"], await DocumentsSpeakingOfAsync(host, new SearchFilter(Anonymous) { PassageYears = [2025] }));
        // Any of several years; and together with the other filters, each narrowing the other.
        Assert.Equal(["r2016", "r2017", "r2019"], await DocumentsSpeakingOfAsync(host, new SearchFilter(Anonymous) { PassageYears = [2016, 2018] }));
        Assert.Equal(["r2017"], await DocumentsSpeakingOfAsync(host, new SearchFilter(Anonymous) { PassageYears = [2016], DocumentId = "r2017" }));
        Assert.Empty(await DocumentsSpeakingOfAsync(host, new SearchFilter(Staff) { PassageYears = [1998] }));
    }

    [Fact]
    public async Task The_passage_year_facet_counts_the_matching_passages_per_year_they_speak_about_within_the_access_filter()
    {
        await using var host = await SeededAsync();
        var query = host.Services.GetRequiredService<QueryAnalyzer>().Analyze("万亿元", Ct).Retrieval;
        static string Listed(DocumentFacets f) => string.Join(" ", f.PassageYears.Select(v => $"{v.Value}:{v.Count}"));

        // Staff: 2025 (今年 of 2025, 明年 of the 2024 analysis), 2016 (今年 of 2016, 过去一年 of 2017), 2019 and 2018
        // (今年 and 去年 of 2019), 2024 (今年 of the analysis; the 2025 report's 比上年 is a comparison, not a year).
        // Most passages first, then by year.
        var staff = await host.Catalog.FacetsAsync(new SearchFilter(Staff), query, Ct);
        Assert.Equal("2016:2 2025:2 2018:1 2019:1 2024:1", Listed(staff));
        // The public does not count the internal analysis.
        Assert.Equal("2016:2 2018:1 2019:1 2025:1", Listed(await host.Catalog.FacetsAsync(new SearchFilter(Anonymous), query, Ct)));
        // Without a query: every visible passage.
        Assert.Equal("2016:2 2018:1 2019:1 2025:1", Listed(await host.Catalog.FacetsAsync(new SearchFilter(Anonymous), null, Ct)));

        // Filtered by a passage year, every count (documents, passages, each facet) is of the passages that speak of it.
        var of2016 = await host.Catalog.FacetsAsync(new SearchFilter(Staff) { PassageYears = [2016] }, query, Ct);
        Assert.Equal((2, 2), (of2016.Documents, of2016.Passages));
        Assert.Equal("2016:2", Listed(of2016));
        var of2025 = await host.Catalog.FacetsAsync(new SearchFilter(Anonymous) { PassageYears = [2025] }, null, Ct);
        Assert.Equal((1, 1), (of2025.Documents, of2025.Passages));
        Assert.Equal("2025:1", Listed(of2025));
        var staffOf2025 = await host.Catalog.FacetsAsync(new SearchFilter(Staff) { PassageYears = [2025] }, query, Ct);
        Assert.Equal((2, 2), (staffOf2025.Documents, staffOf2025.Passages));
        Assert.Equal("2025:2 2024:1", Listed(staffOf2025));
    }

    [Fact]
    public async Task A_replaced_document_is_dated_again()
    {
        await using var host = await SeededAsync();
        // The same document rewritten under a 2023 title: its 今年 is now 2023.
        var rewritten = Make("r2025", "2023年政府工作报告", new DocumentMetadata { Language = "zh" }, "今年赤字率拟按3%安排。");
        await host.Store.UpsertAsync(rewritten, Ct);
        var hits = await SearchAsync(host, "2023年赤字率");
        Assert.Equal("今年 (2023)", Assert.Single(hits[0].Times).Label);
        Assert.DoesNotContain(await SearchAsync(host, "2025年赤字率"), h => h.DocumentId == "r2025" && h.Signals.Contains("time"));
    }
}

/// <summary>The time suite against the embedded store; always runs.</summary>
public sealed class EmbeddedTimeStoreBehaviour : TimeStoreBehaviour
{
    protected override Task<StoreHost> CreateHostAsync(Action<IServiceCollection> configure) => Task.FromResult(StoreHost.Create(configure: configure));
}

/// <summary>The time suite in Qdrant mode against <see cref="InMemoryQdrant"/> (payload conditions and what comes back; not Qdrant's ranking).</summary>
public sealed class InMemoryQdrantTimeStoreBehaviour : TimeStoreBehaviour
{
    protected override Task<StoreHost> CreateHostAsync(Action<IServiceCollection> configure) => Task.FromResult(QdrantHosts.InMemory(new InMemoryQdrant(), configure: configure));

    [Fact]
    public async Task Kb_migrate_carries_the_resolved_times_into_the_collection()
    {
        // kb migrate's copy: the embedded store's documents written into Qdrant mode are dated on the way in.
        await using var source = await CreateEmbeddedAsync();
        foreach (var report in Reports()) await source.Store.UpsertAsync(report, Ct);
        var qdrant = new InMemoryQdrant();
        await using var target = QdrantHosts.InMemory(qdrant, configure: FixedToday);
        var report1 = await new SqliteStoreExport(source.Services.GetRequiredService<SqliteDatabase>()).CopyToAsync(target.Store, cancellationToken: Ct);
        Assert.Empty(report1.Failures);

        var hits = (await target.Search.SearchAsync(new SearchRequest("2025年财政赤字率", new SearchFilter(Staff), Top: 5), Ct)).Results;
        Assert.Equal("r2025:0", hits[0].PassageId);
        Assert.Contains("time", hits[0].Signals);
        Assert.Equal("今年 (2025)", hits[0].Times[0].Label);
    }

    private static Task<StoreHost> CreateEmbeddedAsync() => Task.FromResult(StoreHost.Create(configure: FixedToday));
}

/// <summary>The time suite against a real Qdrant at <c>QDRANT_URL</c>; skipped (visibly) without one.</summary>
public sealed class QdrantTimeStoreBehaviour : TimeStoreBehaviour
{
    protected override Task<StoreHost> CreateHostAsync(Action<IServiceCollection> configure) => QdrantHosts.RealAsync(configure: configure);
}
