using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KnowledgeBase.Tests.Api;
using Microsoft.Playwright;

namespace KnowledgeBase.Tests.Browser;

/// <summary>
/// The page walked as its users would, at desktop and phone width: anonymous visitors search, open every result's
/// source in the viewer (asserting the cited page and the marked passage), follow every link the results offer, ask a
/// question and follow its citations, filter by a facet and clear it; a member finds internal documents; a partner
/// uploads and staff approves; staff pages the library past page 1 and reads why files failed; only admins see the API
/// reference link. Screenshots of each step are saved (TestResults/screenshots).
/// </summary>
[Trait("Category", "Slow")]
public sealed class WalkthroughTests(LibraryFixture library) : IClassFixture<LibraryFixture>
{
    /// <summary>Matches the Markdown regulation, the HTML notice, the Word guide and the internal note: several formats.</summary>
    private const string SafetyQuery = "口岸安全";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private void SkipWithoutBrowser()
    {
        if (library.SkipReason is not null) Assert.Skip(library.SkipReason);
    }

    private async Task<JsonNode> ApiSearchAsync(string query, string? key = null, string extra = "") =>
        await library.Server.Client(key).GetJsonAsync($"/api/search?q={Uri.EscapeDataString(query)}&top=10{extra}");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_result_opens_its_source_at_the_cited_page_with_the_passage_marked(bool phone)
    {
        SkipWithoutBrowser();
        var size = phone ? "phone" : "desktop";
        var page = await library.NewPageAsync(phone);
        var query = "发动机 监视";
        await page.GotoAsync("/?q=" + Uri.EscapeDataString(query));
        await PageActions.SearchSettledAsync(page);
        await library.ScreenshotAsync(page, $"results-{size}");
        var expected = (await ApiSearchAsync(query))["results"]!.AsArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, await page.Locator("#results > li").CountAsync());

        for (var i = 0; i < expected.Count; i++)
        {
            var hit = expected[i]!;
            var item = page.Locator("#results > li").Nth(i);
            Assert.Equal((string)hit["title"]!, await item.Locator("h3").InnerTextAsync());
            await item.Locator("a.open-viewer").ClickAsync();
            await PageActions.ViewerSettledAsync(page);
            Assert.Contains("passage=", page.Url);
            Assert.Equal((string)hit["title"]!, await page.Locator("#viewer-title").InnerTextAsync());
            var body = page.Locator("#viewer-body");
            Assert.Equal((string)hit["page"]!.ToString(), await body.GetAttributeAsync("data-page"));
            await AssertPassageMarkedAsync(page, hit);
            if (i == 0) await library.ScreenshotAsync(page, $"viewer-pdf-{size}", fullPage: false);
            await page.GoBackAsync();
            await PageActions.SearchSettledAsync(page);
        }
    }

    /// <summary>The viewer marks the cited passage: in the PDF's text layer, or in the extracted text.</summary>
    private static async Task AssertPassageMarkedAsync(IPage page, JsonNode hit)
    {
        var body = page.Locator("#viewer-body");
        var passage = (string)hit["passage"]!;
        var words = hit["highlights"]!.AsArray().Select(h => passage[(int)h![0]!..(int)h[1]!]).ToList();
        if (await body.GetAttributeAsync("data-mode") == "pdf")
        {
            Assert.True(int.Parse((await body.GetAttributeAsync("data-marked"))!) > 0, "nothing of the passage was marked in the PDF's text layer");
            var marked = Fold(string.Concat(await page.Locator(".textLayer .highlight").AllTextContentsAsync()));
            Assert.Contains(words, w => marked.Contains(Fold(w), StringComparison.Ordinal));
            var terms = Fold(string.Concat(await page.Locator(".textLayer .highlight.term").AllTextContentsAsync()));
            Assert.Contains(words, w => terms.Contains(Fold(w), StringComparison.Ordinal));
        }
        else
        {
            var mark = page.Locator("#viewer-body mark.passage");
            Assert.Equal(1, await mark.CountAsync());
            var shown = Fold(await mark.InnerTextAsync());
            // The cited page's part of the passage is marked (the whole passage when it lies on one page).
            Assert.Contains(shown, Fold(passage), StringComparison.Ordinal);
            Assert.True(shown.Length >= Math.Min(20, Fold(passage).Length));
            Assert.NotEmpty(await page.Locator("#viewer-body mark.passage mark.term").AllTextContentsAsync());
        }
        // Scrolled into view: the passage's mark (in a PDF, the query's words in it) is inside the viewport.
        await page.Locator("#viewer-body[data-scrolled=true]").WaitForAsync();
        var inView = await page.EvaluateAsync<bool>("""
            () => { const m = document.querySelector('#viewer-body mark.passage') || document.querySelector('#viewer-body .textLayer .highlight.term')
                              || document.querySelector('#viewer-body .textLayer .highlight');
                    const r = m.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }
            """);
        if (!inView) await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots", "failed-not-in-view.png") });
        Assert.True(inView, $"the marked passage of {hit["passageId"]} is not scrolled into view");
    }

    private static string Fold(string text) => Regex.Replace(text.Normalize(System.Text.NormalizationForm.FormKC), @"\s+", "").ToLowerInvariant();

    [Fact]
    public async Task Text_formats_open_as_marked_text_and_every_result_link_answers()
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync();
        await page.GotoAsync("/");
        await PageActions.SearchAsync(page, SafetyQuery);
        var hits = (await ApiSearchAsync(SafetyQuery))["results"]!.AsArray();
        var media = new HashSet<string>();
        foreach (var hit in hits)
            media.Add((string)(await library.Server.Client().GetJsonAsync($"/api/documents/{hit!["documentId"]}"))["mediaType"]!);
        Assert.True(media.Count >= 2, "the query should reach documents of several formats: " + string.Join(", ", media));

        // Every link on the results page answers 200 with what it promises.
        var links = await page.Locator("#results a[href]").EvaluateAllAsync<string[]>("as => as.map(a => a.href)");
        Assert.NotEmpty(links);
        foreach (var link in links.Distinct())
        {
            var response = await page.APIRequest.GetAsync(link);
            Assert.True(response.Status == 200, $"{link}: {response.Status}");
            var url = new Uri(link);
            if (url.AbsolutePath.EndsWith("/file", StringComparison.Ordinal))
            {
                var id = url.AbsolutePath.Split('/')[3];
                var document = await library.Server.Client().GetJsonAsync($"/api/documents/{id}");
                var mediaType = (string)document["mediaType"]!;
                Assert.StartsWith(mediaType, response.Headers["content-type"]);
                var body = await response.BodyAsync();
                // The bytes are the original of that kind.
                if (mediaType == "application/pdf") Assert.Equal("%PDF-"u8.ToArray(), body[..5]);
                else if (mediaType.Contains("wordprocessingml", StringComparison.Ordinal)) Assert.Equal("PK"u8.ToArray(), body[..2]);
                else Assert.Matches(@"[\u4e00-\u9fff]", System.Text.Encoding.UTF8.GetString(body));
            }
            else
            {
                Assert.Contains("id=\"viewer-view\"", await response.TextAsync());
            }
        }

        // Each result's viewer, for the text formats: the passage marked in the extracted text.
        for (var i = 0; i < hits.Count; i++)
        {
            await page.Locator("#results > li").Nth(i).Locator("h3 a").ClickAsync();
            await PageActions.ViewerSettledAsync(page);
            Assert.Equal((string)hits[i]!["page"]!.ToString(), await page.Locator("#viewer-body").GetAttributeAsync("data-page"));
            await AssertPassageMarkedAsync(page, hits[i]!);
            if (await page.Locator("#viewer-body").GetAttributeAsync("data-mode") == "text" && i < 3)
                await library.ScreenshotAsync(page, $"viewer-text-{i}", fullPage: false);
            await page.GoBackAsync();
            await PageActions.SearchSettledAsync(page);
        }
    }

    [Fact]
    public async Task The_viewer_moves_to_neighbouring_and_similar_passages()
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync();
        var hit = (await ApiSearchAsync(SafetyQuery))["results"]!.AsArray()
            .First(h => (string)h!["documentId"]! == library.Documents["shanghai-port-services-regulation-2020-05-14.md"])!;
        await page.GotoAsync($"/?passage={Uri.EscapeDataString((string)hit["passageId"]!)}&q={Uri.EscapeDataString(SafetyQuery)}");
        await PageActions.ViewerSettledAsync(page);
        var first = await page.Locator("#viewer-body mark.passage").InnerTextAsync();
        await page.ClickAsync("#viewer-next");
        await PageActions.ViewerSettledAsync(page);
        var next = await page.Locator("#viewer-body mark.passage").InnerTextAsync();
        Assert.NotEqual(first, next);
        await page.GoBackAsync();
        await PageActions.ViewerSettledAsync(page);
        Assert.Equal(first, await page.Locator("#viewer-body mark.passage").InnerTextAsync());

        var similar = page.Locator("#similar-list li a");
        await similar.First.WaitForAsync();
        var title = await similar.First.InnerTextAsync();
        await similar.First.ClickAsync();
        await PageActions.ViewerSettledAsync(page);
        Assert.Equal(title, await page.Locator("#viewer-title").InnerTextAsync());
        await library.ScreenshotAsync(page, "viewer-similar");
    }

    [Fact]
    public async Task Back_to_results_returns_to_the_results_after_paging_through_passages()
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync();
        await page.GotoAsync($"/?q={Uri.EscapeDataString(SafetyQuery)}&perDocument=0");
        await PageActions.SearchSettledAsync(page);
        var results = page.Url;
        var firstTitle = await page.Locator("#results > li h3").First.InnerTextAsync();

        await page.Locator("#results > li").First.Locator("h3 a").ClickAsync();
        await PageActions.ViewerSettledAsync(page);
        // Two steps to neighbouring passages and one to a similar passage, each a history entry of its own.
        for (var step = 0; step < 2; step++)
        {
            var neighbour = await page.Locator("#viewer-next").GetAttributeAsync("href") is not null ? "#viewer-next" : "#viewer-prev";
            var before = page.Url;
            await page.ClickAsync(neighbour);
            await page.WaitForFunctionAsync("before => location.href !== before", before);
            await PageActions.ViewerSettledAsync(page);
        }
        var similar = page.Locator("#similar-list li a");
        await similar.First.WaitForAsync();
        var beforeSimilar = page.Url;
        await similar.First.ClickAsync();
        await page.WaitForFunctionAsync("before => location.href !== before", beforeSimilar);
        await PageActions.ViewerSettledAsync(page);

        await page.ClickAsync("#viewer-back");
        // Going back is asynchronous: wait for the address to leave the viewer before reading the view.
        await page.WaitForFunctionAsync("() => !location.search.includes('passage=')");
        await PageActions.SearchSettledAsync(page);
        Assert.Equal(results, page.Url);
        Assert.True(await page.Locator("#search-view").IsVisibleAsync());
        Assert.Equal(firstTitle, await page.Locator("#results > li h3").First.InnerTextAsync());

        // A viewer opened from a shared link has no results behind it: the button searches for its query instead of
        // going back to the passage before.
        var hit = (await ApiSearchAsync(SafetyQuery))["results"]!.AsArray()
            .First(h => (string)h!["documentId"]! == library.Documents["shanghai-port-services-regulation-2020-05-14.md"])!;
        await page.GotoAsync($"/?passage={Uri.EscapeDataString((string)hit["passageId"]!)}&q={Uri.EscapeDataString(SafetyQuery)}");
        await PageActions.ViewerSettledAsync(page);
        var shared = page.Url;
        await page.ClickAsync("#viewer-next");
        await page.WaitForFunctionAsync("before => location.href !== before", shared);
        await PageActions.ViewerSettledAsync(page);
        await page.ClickAsync("#viewer-back");
        await page.WaitForFunctionAsync("() => !location.search.includes('passage=')");
        await PageActions.SearchSettledAsync(page);
        Assert.DoesNotContain("passage=", page.Url);
        Assert.Contains("q=", page.Url);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_question_gets_an_answer_whose_citations_open_their_passages(bool phone)
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync(phone);
        await page.GotoAsync("/");
        await PageActions.SearchAsync(page, "口岸查验机构负责什么？");
        var answer = page.Locator("#answer");
        await answer.Locator(".answer-text").WaitForAsync();
        Assert.Contains("未配置大语言模型", await answer.Locator(".answer-note").InnerTextAsync());
        await library.ScreenshotAsync(page, $"answer-{(phone ? "phone" : "desktop")}", fullPage: !phone);
        var citations = answer.Locator("a.citation-link");
        var count = await citations.CountAsync();
        Assert.True(count > 0, "the answer cites nothing");
        for (var i = 0; i < count; i++)
        {
            var link = answer.Locator("a.citation-link").Nth(i);
            var cited = (await link.GetAttributeAsync("title"))!;
            await link.ClickAsync();
            await PageActions.ViewerSettledAsync(page);
            Assert.StartsWith(await page.Locator("#viewer-title").InnerTextAsync(), cited);
            Assert.True(await page.Locator("#viewer-body mark.passage, #viewer-body .textLayer .highlight").CountAsync() > 0);
            await page.GoBackAsync();
            await answer.Locator(".answer-text").WaitForAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_facet_filters_the_results_and_its_chip_clears_it(bool phone)
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync(phone);
        await page.GotoAsync("/");
        await PageActions.SearchAsync(page, SafetyQuery);
        var all = await page.Locator("#results > li").CountAsync();
        if (phone)
        {
            // On a phone the facets wait behind the filter button.
            Assert.False(await page.Locator("#filters-panel").IsVisibleAsync());
            await page.ClickAsync("#filters-toggle");
            Assert.True(await page.Locator("#filters-panel").IsVisibleAsync());
            await library.ScreenshotAsync(page, "filters-open-phone");
        }
        var facet = page.Locator("#facets button.facet", new PageLocatorOptions { HasText = "条例" });
        Assert.Contains("篇", await facet.InnerTextAsync());
        await facet.ClickAsync();
        await PageActions.SearchSettledAsync(page);
        Assert.Contains("type=", page.Url);
        var chip = page.Locator("#active-filters button.chip");
        Assert.Equal("类型：条例 ×", (await chip.InnerTextAsync()).Trim());
        var titles = await page.Locator("#results > li h3").AllInnerTextsAsync();
        Assert.All(titles, t => Assert.Equal("上海口岸服务条例", t));
        Assert.True(titles.Count < all);
        await library.ScreenshotAsync(page, $"filtered-{(phone ? "phone" : "desktop")}");

        await chip.ClickAsync();
        await PageActions.SearchSettledAsync(page);
        Assert.DoesNotContain("type=", page.Url);
        Assert.Equal(0, await page.Locator("#active-filters button.chip").CountAsync());
        Assert.Equal(all, await page.Locator("#results > li").CountAsync());
        // The back button returns to the filtered search.
        await page.GoBackAsync();
        await PageActions.SearchSettledAsync(page);
        Assert.Contains("type=", page.Url);
        Assert.Equal(1, await page.Locator("#active-filters button.chip").CountAsync());
    }

    [Fact]
    public async Task On_a_phone_the_first_result_is_on_the_first_screen()
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync(phone: true);
        await page.GotoAsync("/?q=" + Uri.EscapeDataString(SafetyQuery));
        await PageActions.SearchSettledAsync(page);
        var box = await page.Locator("#results > li").First.BoundingBoxAsync();
        Assert.NotNull(box);
        // The title and the start of the snippet show without scrolling (844 px tall screen).
        Assert.True(box.Y + 80 < 844, $"the first result starts at y={box.Y}");
        Assert.False(await page.Locator("#filters-panel").IsVisibleAsync());
        await library.ScreenshotAsync(page, "first-screen-phone", fullPage: false);
    }

    [Fact]
    public async Task Search_results_read_well_grouped_by_document_with_paging_and_the_query_in_the_url()
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync();
        await page.GotoAsync("/");
        await PageActions.SearchAsync(page, "land supply");
        Assert.Contains("q=land+supply", page.Url);
        var perDocument = (await page.Locator("#results > li").EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.documentId)"))
            .GroupBy(d => d).Max(g => g.Count());
        Assert.True(perDocument <= 2);
        Assert.Matches(@"在 \d+ 篇文档中找到 \d+ 个相关段落", await page.Locator("#search-status").InnerTextAsync());
        // Only one page of results: no pager.
        Assert.True(await page.Locator("#pager").IsHiddenAsync());
        // English query: the Chinese words searched are shown.
        Assert.True(await page.Locator("#translations").IsVisibleAsync());
        Assert.Matches(@"[\u4e00-\u9fff]", await page.Locator("#translations").InnerTextAsync());

        // Markup in a passage stays text.
        await PageActions.SearchAsync(page, LibraryFixture.PageTwoWord);
        var first = page.Locator("#results > li").First;
        var more = first.Locator("button.link", new LocatorLocatorOptions { HasText = "展开全文" });
        // A long passage shows a snippet with "show more"; a short one shows whole.
        if (await more.CountAsync() > 0)
        {
            await more.ClickAsync();
            Assert.Equal("收起", await more.InnerTextAsync());
        }
        Assert.Contains("<img src=x", await first.Locator(".snippet").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#results img").CountAsync());
        Assert.Contains(await first.Locator("mark").AllInnerTextsAsync(), m => m.Equals(LibraryFixture.PageTwoWord, StringComparison.OrdinalIgnoreCase));

        // Paging: the catalogue entries fill several pages; the previous button is disabled (and looks it) on page 1.
        await PageActions.SearchAsync(page, "馆藏目录");
        Assert.True(await page.Locator("#pager").IsVisibleAsync());
        Assert.True(await page.Locator("#prev").IsDisabledAsync());
        Assert.NotEqual(await page.Locator("#next").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"),
            await page.Locator("#prev").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
        Assert.Equal("not-allowed", await page.Locator("#prev").EvaluateAsync<string>("b => getComputedStyle(b).cursor"));
        var pageOne = await page.Locator("#results > li").First.GetAttributeAsync("data-passage-id");
        await page.ClickAsync("#next");
        await PageActions.SearchSettledAsync(page);
        Assert.Contains("offset=10", page.Url);
        Assert.NotEqual(pageOne, await page.Locator("#results > li").First.GetAttributeAsync("data-passage-id"));
        await page.GoBackAsync();
        await PageActions.SearchSettledAsync(page);
        Assert.Equal(pageOne, await page.Locator("#results > li").First.GetAttributeAsync("data-passage-id"));
        await page.ClickAsync("#lang");
        Assert.Equal("CPPCC Think-Tank Knowledge Base", await page.TextContentAsync("h1"));
        Assert.Matches(@"\d+ matching passages in \d+ documents", await page.Locator("#search-status").InnerTextAsync());
        await page.ClickAsync("#lang");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Relative_time_expressions_show_the_years_they_mean_in_results_and_the_viewer(bool phone)
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync(phone);
        await page.GotoAsync("/");
        await PageActions.SearchAsync(page, "2025年赤字率");
        var first = page.Locator("#results > li").First;
        Assert.Equal("2025年政府工作报告（摘要）", await first.Locator("h3").InnerTextAsync());
        // 今年 answers the query's 2025: marked, with the year after it; 过去一年 is dotted and says 2024.
        var snippet = first.Locator(".snippet");
        Assert.Contains("今年 (2025)赤字率", await snippet.InnerTextAsync());
        Assert.Contains("过去一年 (2024)", await snippet.InnerTextAsync());
        Assert.Contains(await snippet.Locator("mark").AllInnerTextsAsync(), m => m.Contains("今年", StringComparison.Ordinal));
        Assert.Equal("过去一年", await snippet.Locator("span.time").First.InnerTextAsync());
        // A year the words already state gets no note: "2024年", not "2024年 (2024)".
        Assert.Contains("2024年全年", await snippet.InnerTextAsync());
        await library.ScreenshotAsync(page, $"time-results-{(phone ? "phone" : "desktop")}", fullPage: false);

        await first.Locator("a.open-viewer").ClickAsync();
        await PageActions.ViewerSettledAsync(page);
        Assert.Equal("本段说到的时间：今年 (2025)、过去一年 (2024)、2024年", await page.Locator("#viewer-times").InnerTextAsync());
        var passage = page.Locator("#viewer-body mark.passage");
        Assert.Contains("今年 (2025)", await passage.InnerTextAsync());
        Assert.Contains("过去一年 (2024)", await passage.InnerTextAsync());
        await library.ScreenshotAsync(page, $"time-viewer-{(phone ? "phone" : "desktop")}", fullPage: false);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_year_facet_filters_by_document_year_or_by_the_years_passages_speak_about(bool phone)
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync(phone);
        await page.GotoAsync("/");
        await PageActions.SearchAsync(page, "赤字率");
        if (phone) await page.ClickAsync("#filters-toggle");
        var facets = page.Locator("#facets");
        // By the document's year, the 2025 report counts once under 2025 and nothing under 2024.
        Assert.Equal("true", await facets.Locator(".year-basis button", new LocatorLocatorOptions { HasText = "文档年份" }).GetAttributeAsync("aria-pressed"));
        var years = await facets.Locator("button.facet .facet-value").AllInnerTextsAsync();
        Assert.Contains("2025", years);
        Assert.DoesNotContain("2024", years);

        // The passage speaks of 今年 (2025) and 过去一年 (2024): by the passages' years, 2024 is there, counted in passages.
        await facets.Locator(".year-basis button", new LocatorLocatorOptions { HasText = "段落所述年份" }).ClickAsync();
        var year2024 = facets.Locator("button.facet", new LocatorLocatorOptions { HasText = "2024" });
        Assert.Equal("1 段", await year2024.Locator(".facet-count").InnerTextAsync());
        await library.ScreenshotAsync(page, $"year-basis-{(phone ? "phone" : "desktop")}", fullPage: !phone);
        await year2024.ClickAsync();
        await PageActions.SearchSettledAsync(page);
        Assert.Contains("passageYear=2024", page.Url);
        var chip = page.Locator("#active-filters button.chip");
        Assert.Equal("段落所述年份：2024 ×", (await chip.InnerTextAsync()).Trim());
        Assert.Equal(["2025年政府工作报告（摘要）"], await page.Locator("#results > li h3").AllInnerTextsAsync());
        // The answer on demand asks with the same filter, so it cites only what the results show.
        await page.ClickAsync("#ask-button");
        await page.Locator("#answer .answer-sources").WaitForAsync();
        Assert.All(await page.Locator("#answer .answer-sources a").AllInnerTextsAsync(), title => Assert.Equal("2025年政府工作报告（摘要）", title));

        // The API behind it: the same filter and the passage count.
        var api = await ApiSearchAsync("赤字率", extra: "&passageYear=2024");
        Assert.Equal("2025年政府工作报告（摘要）", (string)api["results"]!.AsArray().Single()!["title"]!);

        await chip.ClickAsync();
        await PageActions.SearchSettledAsync(page);
        Assert.DoesNotContain("passageYear", page.Url);
        Assert.Equal(0, await page.Locator("#active-filters button.chip").CountAsync());
    }

    [Fact]
    public async Task Text_read_by_ocr_is_marked_in_results_and_the_viewer()
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync(phone: true);
        await page.GotoAsync("/");
        await PageActions.SearchAsync(page, "通关便利化");
        var hit = page.Locator("#results > li", new PageLocatorOptions { HasText = "通关便利化通知（扫描件）" });
        var flag = hit.Locator(".meta .flag-ocr");
        Assert.Equal("识别文本（置信度 87%）", await flag.InnerTextAsync());
        Assert.Contains("OCR", await flag.GetAttributeAsync("title"));
        // Text taken from the file carries no mark.
        Assert.Equal(1, await page.Locator("#results .flag-ocr").CountAsync());
        await hit.Locator("a.open-viewer").ClickAsync();
        await PageActions.ViewerSettledAsync(page);
        Assert.Equal("识别文本（置信度 87%）", await page.Locator("#viewer-flags .flag-ocr").InnerTextAsync());
        await library.ScreenshotAsync(page, "ocr-viewer-phone", fullPage: false);
    }

    [Fact]
    public async Task Members_find_internal_documents_that_anonymous_visitors_do_not()
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync();
        await page.GotoAsync("/");
        await PageActions.SearchAsync(page, LibraryFixture.InternalWord);
        Assert.Equal(0, await page.Locator("#results > li", new PageLocatorOptions { HasText = "口岸安全内部参考" }).CountAsync());
        await PageActions.SignInAsync(page, library.Member, "委员");
        Assert.Equal(0, await page.Locator("#tab-upload:visible").CountAsync());
        await PageActions.SearchAsync(page, LibraryFixture.InternalWord);
        Assert.Equal("口岸安全内部参考", await page.Locator("#results > li h3").First.InnerTextAsync());
        Assert.True(await page.Locator("#api-docs").IsHiddenAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_partner_uploads_and_staff_approves(bool phone)
    {
        SkipWithoutBrowser();
        var title = "合作智库边贸研究 " + (phone ? "手机" : "桌面");
        // A Latin word of its own: matched whole, so the two runs (and the rest of the library) never match each other's.
        var word = phone ? "quokkaphone" : "quokkadesk";
        var page = await library.NewPageAsync(phone);
        await page.GotoAsync("/");
        Assert.True(await page.Locator("#tab-upload").IsHiddenAsync());
        await PageActions.SignInAsync(page, library.PartnerA, "合作智库 · 甲智库");
        await page.ClickAsync("#tab-upload");
        await page.SetInputFilesAsync("#upload-form input[name=file]", new FilePayload
        {
            Name = "study.md", MimeType = "text/markdown",
            Buffer = System.Text.Encoding.UTF8.GetBytes($"# {title}\n\n研究报告 {word}：边境贸易与口岸合作的调查。"),
        });
        await page.FillAsync("#upload-form input[name=title]", title);
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.WaitForSelectorAsync("#upload-status[data-state=done]", new PageWaitForSelectorOptions { Timeout = 60000 });
        Assert.Contains("审核", await page.Locator("#upload-status").InnerTextAsync());
        await library.ScreenshotAsync(page, $"upload-partner-{(phone ? "phone" : "desktop")}");

        // The other partner does not see it.
        var other = await library.NewPageAsync(phone);
        await other.GotoAsync("/");
        await PageActions.SignInAsync(other, library.PartnerB, "合作智库 · 乙智库");
        await PageActions.SearchAsync(other, word);
        Assert.Equal(0, await other.Locator("#results > li").CountAsync());

        // Staff finds it among the pending documents and approves it.
        await PageActions.SignInAsync(page, library.Staff, "工作人员");
        await page.GotoAsync("/?tab=documents&dreview=pending");
        var row = page.Locator("#docs tbody tr", new PageLocatorOptions { HasText = title });
        await row.WaitForAsync();
        Assert.Contains("待审核", await row.InnerTextAsync());
        await library.ScreenshotAsync(page, $"review-staff-{(phone ? "phone" : "desktop")}");
        await row.Locator("button", new LocatorLocatorOptions { HasText = "审核通过" }).ClickAsync();
        await page.Locator("#docs tbody tr", new PageLocatorOptions { HasText = title }).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        await PageActions.SearchAsync(other, word);
        Assert.Equal(title, await other.Locator("#results > li h3").First.InnerTextAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Staff_pages_the_library_past_page_one_searches_titles_and_reads_why_files_failed(bool phone)
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync(phone);
        await page.GotoAsync("/");
        await PageActions.SignInAsync(page, library.Staff, "工作人员");
        await page.ClickAsync(".tabs a[data-view=documents]");
        await page.WaitForFunctionAsync("() => /共 \\d+ 篇文档/.test(document.getElementById('docs-status').textContent)");
        var status = await page.Locator("#docs-status").InnerTextAsync();
        var total = int.Parse(Regex.Match(status, @"共 (\d+) 篇").Groups[1].Value);
        Assert.True(total > 100, status);
        Assert.Contains("第 1–50 篇", status);
        var firstPage = await page.Locator("#docs tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.documentId)");
        Assert.Equal(50, firstPage.Length);
        Assert.True(await page.Locator("#docs-prev").IsDisabledAsync());
        await page.ClickAsync("#docs-next");
        await page.WaitForFunctionAsync("() => document.getElementById('docs-status').textContent.includes('第 51–100 篇')");
        await page.ClickAsync("#docs-next");
        await page.WaitForFunctionAsync("() => document.getElementById('docs-status').textContent.includes('第 101–')");
        Assert.Contains("doffset=100", page.Url);
        var thirdPage = await page.Locator("#docs tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.documentId)");
        Assert.Empty(thirdPage.Intersect(firstPage));
        Assert.True(await page.Locator("#docs-next").IsDisabledAsync());
        await library.ScreenshotAsync(page, $"library-page3-{(phone ? "phone" : "desktop")}");
        // The uploaded documents, with long titles and organisations, are on this page.
        if (phone) await AssertDocumentRowsAreCardsAsync(page);
        else await AssertDocumentTableReadsAsync(page);

        // Title search and order.
        await page.FillAsync("#docs-form input[name=dq]", "馆藏目录 10");
        await page.PressAsync("#docs-form input[name=dq]", "Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('docs-status').textContent.startsWith('共 10 篇')");
        await page.SelectOptionAsync("#docs-form select[name=dsort]", "title");
        await page.WaitForURLAsync(u => u.Contains("dsort=title"));
        await page.WaitForFunctionAsync("() => document.querySelector('#docs tbody tr td').textContent === '馆藏目录 100'");
        Assert.Equal("馆藏目录 109", await page.Locator("#docs tbody tr td:first-child").Last.InnerTextAsync());

        // Failed files, with the reason in Chinese.
        var failure = page.Locator("#failures-table tbody tr", new PageLocatorOptions { HasText = "broken-scan.pdf" });
        await failure.WaitForAsync();
        Assert.Contains("文件已损坏或格式不完整", await failure.InnerTextAsync());
        Assert.DoesNotMatch("[a-z]{4,} [a-z]{4,}", (await failure.InnerTextAsync()).Replace("broken-scan.pdf", ""));
        await library.ScreenshotAsync(page, $"library-failures-{(phone ? "phone" : "desktop")}");
    }

    /// <summary>
    /// At desktop width the short columns (year, language, passages, date, state, actions) keep their headers and values
    /// on one line, the title takes the most room, and the table fits without scrolling sideways.
    /// </summary>
    private static async Task AssertDocumentTableReadsAsync(IPage page)
    {
        var lines = await page.EvaluateAsync<Dictionary<string, int[]>>(TableLinesScript);
        foreach (var header in new[] { "年份", "语言", "段落数", "入库时间", "状态", "操作" })
        {
            Assert.True(lines.TryGetValue(header, out var counted), $"no column {header}: {string.Join(", ", lines.Keys)}");
            Assert.True(counted[0] == 1, $"the header {header} takes {counted[0]} lines");
            Assert.True(counted[1] <= 1, $"a value under {header} takes {counted[1]} lines");
        }
        var widths = await page.Locator("#docs thead th").EvaluateAllAsync<double[]>("ths => ths.map(th => th.getBoundingClientRect().width)");
        Assert.True(widths[0] == widths.Max(), $"the title column is the widest ({string.Join(", ", widths)})");
        Assert.True(await page.Locator("#docs").EvaluateAsync<bool>("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth"),
            "the table fits its box without scrolling sideways");
    }

    /// <summary>At phone width each document is a card: headers hidden, one labelled value a line, nothing wider than the screen.</summary>
    private static async Task AssertDocumentRowsAreCardsAsync(IPage page)
    {
        Assert.True(await page.Locator("#docs thead").EvaluateAsync<bool>("h => h.getBoundingClientRect().right < 0"), "the header row is off screen");
        var row = page.Locator("#docs tbody tr").First;
        var cells = await row.Locator("td:not(:empty)").EvaluateAllAsync<double[]>("tds => tds.map(td => td.getBoundingClientRect().width / td.parentElement.getBoundingClientRect().width)");
        Assert.All(cells, share => Assert.True(share > 0.95, $"a value does not take the card's width ({share:P0})"));
        Assert.Equal("入库时间：", await row.Locator("td").Nth(5).EvaluateAsync<string>("td => getComputedStyle(td, '::before').content.replaceAll('\"', '')"));
        // Every value shown in a card says what it is: staff's review buttons too, not a lone colon.
        var labels = await row.Locator("td:not(:empty)").EvaluateAllAsync<string[]>("tds => tds.map(td => getComputedStyle(td, '::before').content.replaceAll('\"', ''))");
        Assert.All(labels, label => Assert.True(label.Length > 1, $"a value in a card has no label ('{label}')"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page does not scroll sideways");
    }

    /// <summary>
    /// For each header of the documents table, the lines its text takes and the most lines any value under it takes,
    /// counted from the text's line boxes: a cell stretches to its row's height, so its own height says nothing.
    /// </summary>
    private const string TableLinesScript = """
        () => {
          const lines = (cell) => {
            const rects = [];
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const range = document.createRange();
              range.selectNodeContents(node);
              rects.push(...[...range.getClientRects()].filter((r) => r.width > 0));
            }
            rects.sort((a, b) => a.top - b.top);
            let count = 0, bottom = -Infinity;
            for (const r of rects) {
              if (r.top >= bottom - 1) { count++; bottom = r.bottom; } else bottom = Math.max(bottom, r.bottom);
            }
            return count;
          };
          const table = document.getElementById('docs');
          return Object.fromEntries([...table.tHead.rows[0].cells].map((th, i) => [th.textContent.trim(),
            [lines(th), Math.max(0, ...[...table.tBodies[0].rows].map((row) => lines(row.cells[i])))]]));
        }
        """;

    [Fact]
    public async Task Only_admins_see_the_api_reference_which_is_served_from_this_server()
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync();
        await page.GotoAsync("/");
        Assert.True(await page.Locator("#api-docs").IsHiddenAsync());
        await PageActions.SignInAsync(page, library.Staff, "工作人员");
        Assert.True(await page.Locator("#api-docs").IsHiddenAsync());
        await PageActions.SignInAsync(page, library.Admin, "管理员");
        Assert.True(await page.Locator("#api-docs").IsVisibleAsync());

        var external = new List<string>();
        page.Context.Request += (_, r) => { if (!r.Url.StartsWith(library.Server.Address.ToString(), StringComparison.Ordinal) && !r.Url.StartsWith("data:")) external.Add(r.Url); };
        await page.ClickAsync("#api-docs");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Contains("/scalar", page.Url);
        // Scalar draws the reference from the OpenAPI document with its own script, served by this server.
        await page.GetByText("KnowledgeBase API").First.WaitForAsync();
        await library.ScreenshotAsync(page, "api-reference-admin", fullPage: false);
        Assert.Empty(external);
    }

    [Fact]
    public async Task The_chinese_interface_says_everything_in_chinese()
    {
        SkipWithoutBrowser();
        var page = await library.NewPageAsync();
        await page.GotoAsync("/?q=" + Uri.EscapeDataString(SafetyQuery));
        await PageActions.SearchSettledAsync(page);
        // Language facet values read as names; ARIA labels are Chinese too.
        var languages = await page.Locator("#facets button.facet").AllInnerTextsAsync();
        Assert.DoesNotContain(languages, l => l.StartsWith("zh", StringComparison.Ordinal));
        Assert.Contains(languages, l => l.StartsWith("中文", StringComparison.Ordinal));
        var labels = await page.Locator("[aria-label]").EvaluateAllAsync<string[]>("es => es.filter(e => e.offsetParent !== null || e.tagName === 'NAV').map(e => e.getAttribute('aria-label'))");
        Assert.All(labels, l => Assert.DoesNotMatch("^[A-Za-z ]{6,}$", l));
        var visible = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("Search", visible);
        Assert.DoesNotContain("Filters", visible);
        await library.ScreenshotAsync(page, "chinese-ui");
    }
}
