using KnowledgeBase.Tests.Api;
using Microsoft.Playwright;

namespace KnowledgeBase.Tests.Browser;

/// <summary>The search page in a real browser: search, highlights, citation links, upload and review visibility.</summary>
[Trait("Category", "Slow")]
public sealed class SearchPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private void SkipWithoutBrowser()
    {
        if (browser.SkipReason is not null) Assert.Skip(browser.SkipReason);
    }

    [Fact]
    public async Task Search_shows_results_with_highlighted_terms_and_markup_as_text()
    {
        SkipWithoutBrowser();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Equal("政协智库知识库", await page.TextContentAsync("h1"));
        await PageActions.SearchAsync(page, BrowserFixture.PageTwoWord);

        var first = page.Locator("#results li").First;
        Assert.Equal("Border parks review", await first.Locator("h3").TextContentAsync());
        var hit = (await browser.Server.Client().SearchAsync(BrowserFixture.PageTwoWord))["results"]![0]!;
        Assert.Contains($"第 {hit["page"]} 页", await first.Locator(".meta").TextContentAsync());
        var marks = await first.Locator("mark").AllTextContentsAsync();
        Assert.Contains(marks, m => m.Equals(BrowserFixture.PageTwoWord, StringComparison.OrdinalIgnoreCase));
        // Passage text is inserted as text: the markup shows literally and creates no element.
        Assert.Contains("<img src=x", await first.Locator(".passage").TextContentAsync());
        Assert.Equal(0, await page.Locator("#results img").CountAsync());

        await page.ClickAsync("#lang");
        Assert.Equal("CPPCC Think-Tank Knowledge Base", await page.TextContentAsync("h1"));
        Assert.Equal("en", await page.EvaluateAsync<string>("document.documentElement.lang"));
    }

    [Fact]
    public async Task A_citation_link_opens_the_pdf_at_the_cited_page()
    {
        SkipWithoutBrowser();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await PageActions.SearchAsync(page, BrowserFixture.PageTwoWord);
        var href = await page.Locator("#results li a.source-link").First.GetAttributeAsync("href");
        Assert.NotNull(href);
        var hit = (await browser.Server.Client().SearchAsync(BrowserFixture.PageTwoWord))["results"]![0]!;
        Assert.Equal($"/api/documents/{hit["documentId"]}/file#page={hit["page"]}", href);

        var response = await page.APIRequest.GetAsync(new Uri(browser.Server.Address, href).ToString());
        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/pdf", response.Headers["content-type"]);
        Assert.StartsWith("inline", response.Headers["content-disposition"]);
        Assert.Equal("%PDF-"u8.ToArray(), (await response.BodyAsync())[..5]);
    }

    [Fact]
    public async Task A_partner_upload_appears_for_staff_but_not_for_another_partner()
    {
        SkipWithoutBrowser();
        var title = "Partner upload " + Guid.NewGuid().ToString("N")[..8];
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        Assert.True(await page.Locator("#upload-section").IsHiddenAsync());

        await PageActions.SignInAsync(page, browser.PartnerA, "合作智库 · 甲智库");
        await page.Locator("#upload-section").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        await page.SetInputFilesAsync("#upload-form input[name=file]", new FilePayload
        {
            Name = "study.pdf",
            MimeType = "application/pdf",
            Buffer = TestPdfs.Make($"{title}: a partner study of border trade corridors."),
        });
        await page.FillAsync("#upload-form input[name=title]", title);
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.WaitForSelectorAsync("#upload-status[data-state=done]", new PageWaitForSelectorOptions { Timeout = 30000 });
        Assert.Equal(100, await page.EvaluateAsync<int>("document.getElementById('upload-progress').value"));
        var ownRow = page.Locator("#docs tbody tr", new PageLocatorOptions { HasText = title });
        await ownRow.WaitForAsync();
        Assert.Contains("待审核", await ownRow.TextContentAsync());

        await PageActions.SignInAsync(page, browser.Staff, "工作人员");
        var staffRow = page.Locator("#docs tbody tr", new PageLocatorOptions { HasText = title });
        await staffRow.WaitForAsync();
        Assert.Equal(1, await staffRow.Locator("button", new LocatorLocatorOptions { HasText = "审核通过" }).CountAsync());

        await PageActions.SignInAsync(page, browser.PartnerB, "合作智库 · 乙智库");
        Assert.Equal(0, await page.Locator("#docs tbody tr", new PageLocatorOptions { HasText = title }).CountAsync());
        await PageActions.SearchAsync(page, title);
        Assert.Equal(0, await page.Locator("#results li", new PageLocatorOptions { HasText = title }).CountAsync());

        // After staff approval the other partner sees it too.
        await PageActions.SignInAsync(page, browser.Staff, "工作人员");
        await staffRow.WaitForAsync();
        await staffRow.Locator("button", new LocatorLocatorOptions { HasText = "审核通过" }).ClickAsync();
        await page.Locator("#docs tbody tr", new PageLocatorOptions { HasText = title }).Locator(".badge:not(.pending)").WaitForAsync();
        await PageActions.SignInAsync(page, browser.PartnerB, "合作智库 · 乙智库");
        await page.Locator("#docs tbody tr", new PageLocatorOptions { HasText = title }).WaitForAsync();
    }
}
