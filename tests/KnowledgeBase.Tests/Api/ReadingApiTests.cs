using System.Net;
using System.Text.Json.Nodes;
using KnowledgeBase.Model;
using KnowledgeBase.Security;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// A server of its own with documents shaped for reading results: one long notice whose every page mentions
/// 职业教育, a short document that mentions it once, a passage that runs from page 1 onto page 2 with its match on
/// page 2, a document restricted to one partner, and enough small documents to page a listing past 100.
/// </summary>
public sealed class ReadingApiFixture : IAsyncLifetime
{
    public const string Notice = "notice";
    public const string Brief = "brief";
    public const string Spanning = "spanning";
    public const string Restricted = "restricted";
    public const string Budget = "budget";
    public const string SpanningWord = "独角兽计划";
    public const int ListedDocuments = 125;

    public ApiServer Server { get; private set; } = null!;
    public string Staff { get; private set; } = "";
    public string Admin { get; private set; } = "";
    public string PartnerA { get; private set; } = "";
    public string PartnerB { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Server = await ApiServer.StartAsync(new Dictionary<string, string> { ["KnowledgeBase:Api:RequestsPerMinute"] = "100000" });
        Staff = await Server.CreateKeyAsync(ApiRole.Staff);
        Admin = await Server.CreateKeyAsync(ApiRole.Admin);
        PartnerA = await Server.CreateKeyAsync(ApiRole.Partner, "甲智库");
        PartnerB = await Server.CreateKeyAsync(ApiRole.Partner, "乙智库");

        var pub = new DocumentMetadata { Language = "zh", Year = 2024 };
        // About 560 characters per page: each page becomes a passage of its own.
        var notice = Enumerable.Range(1, 12).Select(i => string.Concat(Enumerable.Repeat($"第{i}条 职业教育应当加强实训基地建设，推动产教融合和校企合作。", 16))).ToArray();
        await Server.SeedAsync(Notice, "关于职业教育的通知", pub with { DocumentType = "通知" }, notice);
        await Server.SeedAsync(Brief, "乡村振兴简报", pub with { Year = 2022, DocumentType = "简报" },
            "乡村振兴简报提到职业教育一次，其余内容讲述乡村道路建设。");
        // Page 1 is short, so the first passage runs on into page 2, where the searched word is.
        await Server.SeedAsync(Spanning, "握手协议论文", pub with { Year = 2021 },
            "本章介绍协议的背景。相关工作见下文。",
            $"{SpanningWord}的前置条件是握手完成。随后客户端发送早期数据。");
        await Server.SeedAsync(Restricted, "限定共享的研究", pub with { Visibility = Visibility.Restricted, SharedWith = ["甲智库"] },
            "限定共享的研究提到职业教育和海豚项目。");
        // A 2025 report speaks of 今年 and 去年: results and the viewer say which years those mean.
        await Server.SeedAsync(Budget, "2025年预算报告", pub with { Year = 2025, DocumentType = "报告" },
            "今年赤字率拟按4%左右安排。去年国内生产总值增长5%。");
        for (var i = 1; i <= ListedDocuments - 5; i++)
            await Server.SeedAsync($"list-{i:D3}", $"清单文档 {i:D3}", pub with { Year = 2000 + i % 25 }, $"清单文档第{i}号的正文。");
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Results people can read and the API behind the source viewer: grouping per document, the cited page of a passage
/// that spans pages, the Chinese words an English query searched, passages with neighbours, document text, listings
/// that page past 100 with search and order, and failures with stable codes.
/// </summary>
public sealed class ReadingApiTests(ReadingApiFixture fixture) : IClassFixture<ReadingApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private HttpClient Anonymous => fixture.Server.Client();

    private static IReadOnlyList<JsonNode> Results(JsonNode search) => search["results"]!.AsArray().Select(r => r!).ToList();

    [Fact]
    public async Task At_most_two_passages_per_document_by_default_with_the_rest_counted()
    {
        // Every passage of the notice mentions the word; how many passages its pages became is the chunker's business.
        var noticePassages = (int)(await Anonymous.GetJsonAsync($"/api/documents/{ReadingApiFixture.Notice}"))["passageCount"]!;
        Assert.True(noticePassages >= 12);
        var grouped = await Anonymous.GetJsonAsync("/api/search?q=职业教育&top=10");
        var results = Results(grouped);
        Assert.Equal(2, (int)grouped["perDocument"]!);
        Assert.Equal(2, results.Count(r => (string)r["documentId"]! == ReadingApiFixture.Notice));
        Assert.Contains(results, r => (string)r["documentId"]! == ReadingApiFixture.Brief);
        Assert.All(results.Where(r => (string)r["documentId"]! == ReadingApiFixture.Notice),
            r => Assert.Equal(noticePassages - 2, (int)r["moreInDocument"]!));
        Assert.Equal(0, (int)results.Single(r => (string)r["documentId"]! == ReadingApiFixture.Brief)["moreInDocument"]!);
        // Counts say what they count: the matching passages, in 2 documents (the restricted one is invisible here).
        Assert.Equal(noticePassages + 1, (int)grouped["total"]!);
        Assert.Equal(2, (int)grouped["documents"]!);
        Assert.False((bool)grouped["hasMore"]!);

        var flat = await Anonymous.GetJsonAsync("/api/search?q=职业教育&top=10&perDocument=0");
        Assert.Equal(0, (int)flat["perDocument"]!);
        Assert.True(Results(flat).Count(r => (string)r["documentId"]! == ReadingApiFixture.Notice) >= 9);
        Assert.Null(Results(flat)[0]["moreInDocument"]);
        Assert.True((bool)flat["hasMore"]!);

        // "N more in this document": the same search inside the document, ungrouped, pages through all of them.
        var inside = await Anonymous.GetJsonAsync($"/api/search?q=职业教育&top=5&perDocument=0&document={ReadingApiFixture.Notice}");
        Assert.Equal(noticePassages, (int)inside["total"]!);
        Assert.All(Results(inside), r => Assert.Equal(ReadingApiFixture.Notice, (string)r["documentId"]!));
        var seen = new HashSet<string>();
        for (var offset = 0; ; offset += 5)
        {
            var page = await Anonymous.GetJsonAsync($"/api/search?q=职业教育&top=5&offset={offset}&perDocument=0&document={ReadingApiFixture.Notice}");
            foreach (var r in Results(page)) Assert.True(seen.Add((string)r["passageId"]!), "a passage appeared on two pages");
            if (!(bool)page["hasMore"]!) break;
        }
        Assert.Equal(noticePassages, seen.Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await Anonymous.GetAsync("/api/search?q=职业教育&perDocument=-1", Ct)).StatusCode);
    }

    [Fact]
    public async Task Grouped_pages_follow_each_other_without_repeats()
    {
        var all = Results(await Anonymous.GetJsonAsync("/api/search?q=职业教育&top=50&perDocument=1"));
        var paged = new List<JsonNode>();
        for (var offset = 0; offset < 10; offset++)
        {
            var page = await Anonymous.GetJsonAsync($"/api/search?q=职业教育&top=1&offset={offset}&perDocument=1");
            paged.AddRange(Results(page));
            if (!(bool)page["hasMore"]!) break;
        }
        Assert.Equal(all.Select(r => (string)r["passageId"]!), paged.Select(r => (string)r["passageId"]!));
        Assert.Equal(2, paged.Count);
    }

    [Fact]
    public async Task A_passage_over_two_pages_cites_the_page_where_its_match_is()
    {
        var hit = Results(await Anonymous.GetJsonAsync($"/api/search?q={ReadingApiFixture.SpanningWord}"))
            .Single(r => (string)r["documentId"]! == ReadingApiFixture.Spanning);
        Assert.Equal(1, (int)hit["pageStart"]!);
        Assert.Equal(2, (int)hit["pageEnd"]!);
        Assert.Equal(2, (int)hit["page"]!);
        Assert.EndsWith("#page=2", (string)hit["link"]!);

        var other = Results(await Anonymous.GetJsonAsync("/api/search?q=协议的背景"))
            .Single(r => (string)r["documentId"]! == ReadingApiFixture.Spanning);
        Assert.Equal(1, (int)other["page"]!);

        var answer = await (await Anonymous.PostJsonAsync("/api/ask", new { question = ReadingApiFixture.SpanningWord + "的前置条件是什么？" })).ReadJsonAsync();
        var citation = answer["citations"]!.AsArray().First(c => (string)c!["documentId"]! == ReadingApiFixture.Spanning)!;
        Assert.Equal(2, (int)citation["page"]!);
    }

    [Fact]
    public async Task An_english_query_reports_the_chinese_words_it_searched()
    {
        var search = await Anonymous.GetJsonAsync("/api/search?q=" + Uri.EscapeDataString("vocational education"));
        var translations = search["translations"]!.AsArray();
        Assert.NotEmpty(translations);
        var terms = translations.SelectMany(t => t!["targets"]!.AsArray().Select(x => (string)x!)).ToList();
        Assert.All(terms, t => Assert.True(t.Any(c => c >= '\u4e00' && c <= '\u9fff'), t));
        Assert.Contains(terms, t => t.Contains("职业", StringComparison.Ordinal) || t.Contains("教育", StringComparison.Ordinal));
        Assert.Contains(ReadingApiFixture.Notice, search.DocumentIds());
        // A Chinese query is never "translated" into Chinese.
        Assert.DoesNotContain((await Anonymous.GetJsonAsync("/api/search?q=职业教育"))["translations"]!.AsArray(),
            t => t!["targets"]!.AsArray().Any(x => ((string)x!).Any(c => c >= '\u4e00' && c <= '\u9fff')));
    }

    [Fact]
    public async Task A_passage_comes_with_its_place_highlights_and_neighbours_for_those_who_may_see_it()
    {
        var id = $"{ReadingApiFixture.Spanning}:0";
        var passage = await Anonymous.GetJsonAsync($"/api/passages/{Uri.EscapeDataString(id)}?q={ReadingApiFixture.SpanningWord}");
        Assert.Equal(2, (int)passage["page"]!);
        Assert.Equal(1, (int)passage["pageStart"]!);
        var text = (string)passage["text"]!;
        var highlight = passage["highlights"]!.AsArray()[0]!.AsArray().Select(x => (int)x!).ToArray();
        Assert.Equal(ReadingApiFixture.SpanningWord, text[highlight[0]..highlight[1]]);
        var segments = passage["segments"]!.AsArray();
        Assert.Equal(2, segments.Count);
        Assert.StartsWith(ReadingApiFixture.SpanningWord, text[(int)segments[1]!["start"]!..(int)segments[1]!["end"]!]);
        Assert.Equal("握手协议论文", (string)passage["document"]!["title"]!);
        Assert.Null(passage["previousId"]);

        var second = await Anonymous.GetJsonAsync($"/api/passages/{ReadingApiFixture.Notice}:1");
        Assert.Equal($"{ReadingApiFixture.Notice}:0", (string)second["previousId"]!);
        Assert.Equal($"{ReadingApiFixture.Notice}:2", (string)second["nextId"]!);
        Assert.Empty(second["highlights"]!.AsArray());
        var count = (int)second["document"]!["passageCount"]!;
        var last = await Anonymous.GetJsonAsync($"/api/passages/{ReadingApiFixture.Notice}:{count - 1}");
        Assert.Null(last["nextId"]);
        await Anonymous.GetJsonAsync($"/api/passages/{ReadingApiFixture.Notice}:{count}", HttpStatusCode.NotFound);

        var hidden = $"{ReadingApiFixture.Restricted}:0";
        await fixture.Server.Client(fixture.PartnerA).GetJsonAsync($"/api/passages/{hidden}");
        using var missing = await Anonymous.GetAsync("/api/passages/nothing:0", Ct);
        foreach (var key in new[] { null, fixture.PartnerB })
        {
            using var response = await fixture.Server.Client(key).GetAsync($"/api/passages/{hidden}", Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(await missing.ProblemSignatureAsync(), await response.ProblemSignatureAsync());
        }
    }

    [Fact]
    public async Task Results_and_the_viewer_say_which_years_relative_time_expressions_mean()
    {
        static (string Text, int From, int To, bool InQuery)[] Times(JsonNode node) =>
            node["times"]!.AsArray().Select(t => ((string)t!["text"]!, (int)t["from"]!, (int)t["to"]!, (bool)t["inQuery"]!)).ToArray();
        var query = Uri.EscapeDataString("2025年赤字率");

        var hit = Results(await Anonymous.GetJsonAsync($"/api/search?q={query}"))[0];
        Assert.Equal(ReadingApiFixture.Budget, (string)hit["documentId"]!);
        Assert.Equal([("今年", 2025, 2025, true), ("去年", 2024, 2024, false)], Times(hit));

        var passage = await Anonymous.GetJsonAsync($"/api/passages/{ReadingApiFixture.Budget}:0?q={query}");
        Assert.Equal(Times(hit), Times(passage));
        var text = (string)passage["text"]!;
        // 今年 answers the query's 2025 and is highlighted with its words; 去年 is not.
        var marked = passage["highlights"]!.AsArray().Select(h => text[(int)h![0]!..(int)h[1]!]).ToList();
        Assert.Contains(marked, m => m.Contains("今年", StringComparison.Ordinal));
        Assert.Contains(marked, m => m.Contains("赤字率", StringComparison.Ordinal));
        Assert.DoesNotContain(marked, m => m.Contains("去年", StringComparison.Ordinal));

        var plain = await Anonymous.GetJsonAsync($"/api/passages/{ReadingApiFixture.Budget}:0");
        Assert.Equal([("今年", 2025, 2025, false), ("去年", 2024, 2024, false)], Times(plain));
        Assert.Empty(plain["highlights"]!.AsArray());
    }

    [Fact]
    public async Task Document_text_is_the_extracted_pages_behind_the_same_access_check()
    {
        var all = await Anonymous.GetJsonAsync($"/api/documents/{ReadingApiFixture.Spanning}/text");
        Assert.Equal(2, (int)all["pageCount"]!);
        Assert.Equal([1, 2], all["pages"]!.AsArray().Select(p => (int)p!["number"]!));
        Assert.StartsWith(ReadingApiFixture.SpanningWord, (string)all["pages"]![1]!["text"]!);

        var one = await Anonymous.GetJsonAsync($"/api/documents/{ReadingApiFixture.Spanning}/text?page=2");
        Assert.Equal(2, (int)one["pages"]!.AsArray().Single()!["number"]!);
        await Anonymous.GetJsonAsync($"/api/documents/{ReadingApiFixture.Spanning}/text?page=3", HttpStatusCode.NotFound);

        var allowed = await fixture.Server.Client(fixture.PartnerA).GetJsonAsync($"/api/documents/{ReadingApiFixture.Restricted}/text");
        Assert.Contains("海豚项目", (string)allowed["pages"]![0]!["text"]!);
        using var missing = await Anonymous.GetAsync("/api/documents/nothing/text", Ct);
        foreach (var key in new[] { null, fixture.PartnerB })
        {
            using var response = await fixture.Server.Client(key).GetAsync($"/api/documents/{ReadingApiFixture.Restricted}/text", Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(await missing.ProblemSignatureAsync(), await response.ProblemSignatureAsync());
            Assert.DoesNotContain("海豚", await response.Content.ReadAsStringAsync(Ct));
        }
    }

    [Fact]
    public async Task The_document_list_pages_past_100_searches_titles_and_sorts()
    {
        using var staff = fixture.Server.Client(fixture.Staff);
        var first = await staff.GetJsonAsync("/api/documents?limit=100");
        Assert.Equal(ReadingApiFixture.ListedDocuments, (int)first["total"]!);
        var second = await staff.GetJsonAsync("/api/documents?limit=100&offset=100");
        var ids = first["documents"]!.AsArray().Concat(second["documents"]!.AsArray()).Select(d => (string)d!["id"]!).ToList();
        Assert.Equal(ReadingApiFixture.ListedDocuments, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var found = await staff.GetJsonAsync("/api/documents?q=" + Uri.EscapeDataString("清单文档 10"));
        Assert.Equal(Enumerable.Range(100, 10).Select(i => $"清单文档 {i}"),
            found["documents"]!.AsArray().Select(d => (string)d!["title"]!).Order(StringComparer.Ordinal));
        // Wildcards in the search are plain characters.
        Assert.Equal(0, (int)(await staff.GetJsonAsync("/api/documents?q=%25"))["total"]!);

        var byYear = (await staff.GetJsonAsync("/api/documents?sort=year&limit=200"))["documents"]!.AsArray()
            .Select(d => d!["metadata"]!["year"] is { } y ? (int)y : (int?)null).ToList();
        Assert.Equal(byYear.OrderByDescending(y => y ?? int.MinValue), byYear);
        var oldest = (await staff.GetJsonAsync("/api/documents?sort=year&order=asc&limit=1"))["documents"]![0]!;
        Assert.Equal(2000, (int)oldest["metadata"]!["year"]!);
        var titles = (await staff.GetJsonAsync("/api/documents?sort=title&limit=200"))["documents"]!.AsArray().Select(d => (string)d!["title"]!).ToList();
        Assert.Equal(titles.Order(StringComparer.OrdinalIgnoreCase), titles);
        Assert.All(first["documents"]!.AsArray(), d => Assert.True((int)d!["passageCount"]! >= 1));
        var filtered = await staff.GetJsonAsync("/api/documents?type=通知");
        Assert.Equal(ReadingApiFixture.Notice, (string)filtered["documents"]!.AsArray().Single()!["id"]!);
        Assert.Equal(0, (int)(await staff.GetJsonAsync("/api/documents?review=pending"))["total"]!);
        await staff.GetJsonAsync("/api/documents?sort=size", HttpStatusCode.BadRequest);
        // Partner B does not see the restricted document in the count either.
        Assert.Equal(ReadingApiFixture.ListedDocuments - 1, (int)(await fixture.Server.Client(fixture.PartnerB).GetJsonAsync("/api/documents"))["total"]!);
    }

    [Fact]
    public async Task Failed_files_are_listed_for_staff_with_a_stable_code_and_jobs_carry_it()
    {
        using var staff = fixture.Server.Client(fixture.Staff);
        var upload = await ApiServer.UploadAsync(staff, "%PDF-1.7\nthis is not a real PDF body\n%%EOF"u8.ToArray(), "broken-report.pdf");
        var answer = await upload.ReadJsonAsync();
        var job = await ApiServer.WaitForJobAsync(staff, (string)answer["jobId"]!);
        Assert.Equal("failed", job.State);
        var view = await staff.GetJsonAsync($"/api/jobs/{job.Id}");
        Assert.Equal("corrupt", (string)view["errorCode"]!);

        var failures = await staff.GetJsonAsync("/api/failures");
        var failure = failures["failures"]!.AsArray().Single(f => (string)f!["file"]! == "broken-report.pdf")!;
        Assert.Equal("corrupt", (string)failure["code"]!);
        Assert.False(string.IsNullOrEmpty((string)failure["reason"]!));
        Assert.Null(failure["source"]);
        Assert.True((int)failures["total"]! >= 1);
        var asAdmin = await fixture.Server.Client(fixture.Admin).GetJsonAsync("/api/failures");
        Assert.EndsWith("/broken-report.pdf", (string)asAdmin["failures"]!.AsArray().Single(f => (string)f!["file"]! == "broken-report.pdf")!["source"]!);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.GetAsync("/api/failures", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Server.Client(fixture.PartnerA).GetAsync("/api/failures", Ct)).StatusCode);
    }
}
