using KnowledgeBase.Evaluation.Beir;
using KnowledgeBase.Evaluation.Runs;
using KnowledgeBase.Hosting;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Tests.Text.Time;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Retrieval;

/// <summary>
/// Time-aware search through the real wiring (embedded store, SearchService) on report paragraphs written for the
/// tests: the year in a question finds the passage that says 今年 or 去年 in the report of the right year, the result
/// carries "今年 (2025)" with its offsets and marks it, and a store indexed without time terms is re-dated on open.
/// </summary>
public sealed class TimeSearchTests
{
    private static readonly CorpusEntry[] Reports =
    [
        new("r2025-deficit", "2025年政府工作报告", "今年赤字率拟按4%左右安排、比上年提高1个百分点，赤字规模5.66万亿元。"),
        new("r2019-deficit", "2019年政府工作报告", "今年赤字率拟按2.8%安排，财政赤字2.76万亿元，比去年预算高0.2个百分点。"),
        new("r2016-deficit", "2016年政府工作报告", "今年赤字率提高到3%，财政赤字2.18万亿元，其中中央财政赤字1.4万亿元。"),
        new("r2016-target", "2016年政府工作报告", "今年发展的主要预期目标是：国内生产总值增长6.5%至7%，城镇新增就业1000万人以上。"),
        new("r2017-review", "2017年政府工作报告", "过去一年，国内生产总值达到74.4万亿元，增长6.7%，城镇新增就业1314万人。"),
        new("r2017-target", "2017年政府工作报告", "今年发展的主要预期目标是：国内生产总值增长6.5%左右，城镇新增就业1100万人以上。"),
        new("r2015-review", "2015年政府工作报告", "国内生产总值达到63.6万亿元，比上年增长7.4%，城镇新增就业1322万人。"),
    ];

    [Fact]
    public async Task A_year_in_the_question_finds_the_passage_that_says_this_year_in_that_years_report_and_marks_it()
    {
        await using var services = await IndexedAsync(TestServices.TempDirectory());
        var response = await Search(services, "2025年财政赤字率");

        var first = response.Results[0];
        Assert.Equal("r2025-deficit", first.DocumentId);
        Assert.Contains("time", first.Signals);
        Assert.Contains("documenttime", first.Signals);
        var thisYear = Assert.Single(first.Times, t => t.Text == "今年");
        Assert.Equal("今年 (2025)", thisYear.Label);
        Assert.True(thisYear.InQuery);
        Assert.Equal((0, 2), (thisYear.Start, thisYear.End));
        Assert.Contains(first.Highlights, h => h[0] <= thisYear.Start && h[1] >= thisYear.End);
        // 比上年 compares with the year before and is not resolved.
        Assert.DoesNotContain(first.Times, t => t.Text.Contains('上'));
    }

    [Fact]
    public async Task An_outcome_is_found_in_the_next_years_review_and_a_target_in_the_years_own_report()
    {
        await using var services = await IndexedAsync(TestServices.TempDirectory());

        var outcome = await Search(services, "2016年国内生产总值增长了多少");
        Assert.Equal("r2017-review", outcome.Results[0].DocumentId);
        Assert.Equal("过去一年 (2016)", Assert.Single(outcome.Results[0].Times).Label);

        var target = await Search(services, "2017年国内生产总值预期目标");
        Assert.Equal("r2017-target", target.Results[0].DocumentId);
        // The 2017 review speaks of 2016: its 过去一年 is not the year asked about, so it is not marked.
        var review = Assert.Single(target.Results, r => r.DocumentId == "r2017-review");
        Assert.False(Assert.Single(review.Times).InQuery);
    }

    [Fact]
    public async Task Relative_words_in_the_question_resolve_against_the_clock()
    {
        await using var services = await IndexedAsync(TestServices.TempDirectory(), new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("r2025-deficit", (await Search(services, "去年赤字率拟按多少安排")).Results[0].DocumentId);
        await using var earlier = await IndexedAsync(TestServices.TempDirectory(), new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("r2019-deficit", (await Search(earlier, "去年赤字率拟按多少安排")).Results[0].DocumentId);
    }

    [Fact]
    public async Task Without_time_the_year_is_an_ordinary_word_and_no_time_signal_runs()
    {
        await using var services = await IndexedAsync(TestServices.TempDirectory(), settings: new Dictionary<string, string?> { ["KnowledgeBase:Time:Enabled"] = "false" });
        var response = await Search(services, "2025年财政赤字率");
        Assert.All(response.Results, r => Assert.DoesNotContain("time", r.Signals));
        Assert.All(response.Results, r => Assert.DoesNotContain("documenttime", r.Signals));
        // The passages still carry what was resolved in them; nothing is marked as the question's time.
        Assert.All(response.Results.SelectMany(r => r.Times), t => Assert.False(t.InQuery));
    }

    [Fact]
    public async Task A_store_indexed_without_time_terms_is_redated_when_it_opens_and_deletes_take_the_dates_along()
    {
        var data = TestServices.TempDirectory();
        await using (await IndexedAsync(data)) { }
        // Make it look like a store written before passages were dated.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, SqliteDatabase.FileName)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM lex_postings WHERE term >= '#' AND term < '$';
                DELETE FROM passage_times;
                DELETE FROM meta WHERE key = 'time_index_version';
                """;
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        await using var reopened = Create(data, null, null);
        var response = await Search(reopened, "2025年财政赤字率");
        Assert.Equal("r2025-deficit", response.Results[0].DocumentId);
        Assert.Contains("time", response.Results[0].Signals);
        Assert.Equal("今年 (2025)", response.Results[0].Times[0].Label);

        Assert.True(await reopened.GetRequiredService<IKnowledgeStore>().DeleteAsync("r2025-deficit", TestContext.Current.CancellationToken));
        Assert.Equal(Reports.Count(r => r.Text.Contains("今年") || r.Text.Contains("过去一年")) - 1, CountRows(data, "SELECT count(*) FROM passage_times"));
        Assert.DoesNotContain((await Search(reopened, "2025年财政赤字率")).Results, r => r.DocumentId == "r2025-deficit");
    }

    private static long CountRows(string data, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, SqliteDatabase.FileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static Task<SearchResponse> Search(IServiceProvider services, string query) =>
        services.GetRequiredService<SearchService>().SearchAsync(new SearchRequest(query, new SearchFilter(AccessScope.Everything), 5), TestContext.Current.CancellationToken);

    private static async Task<ServiceProvider> IndexedAsync(string data, DateTimeOffset? today = null, IDictionary<string, string?>? settings = null)
    {
        var services = Create(data, today, settings);
        var evaluator = new KnowledgeBaseEvaluator(services.GetRequiredService<IKnowledgeStore>(), services.GetRequiredService<PassageChunker>(), services.GetRequiredService<SearchService>());
        await evaluator.IndexAsync(Reports, cancellationToken: TestContext.Current.CancellationToken);
        return services;
    }

    /// <summary>The CLI's wiring with a fixed clock (2026-12-02 unless given).</summary>
    private static ServiceProvider Create(string data, DateTimeOffset? today, IDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?> { ["KnowledgeBase:DataDirectory"] = data };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FixedClock(today ?? new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)));
        services.AddKnowledgeBase(new ConfigurationBuilder().AddInMemoryCollection(all).Build());
        return services.BuildServiceProvider();
    }
}
