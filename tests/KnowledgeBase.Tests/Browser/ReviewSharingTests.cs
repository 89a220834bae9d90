using System.Net.Http.Json;
using KnowledgeBase.Tests.Api;
using Microsoft.Playwright;

namespace KnowledgeBase.Tests.Browser;

/// <summary>
/// A partner shares an upload with other organisations; staff reviewing it on the page see which ones, as text (a name
/// that looks like markup stays text), with a long list cut short and given in full on hover.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ReviewSharingTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Title = "Corridor sharing brief";
    private const string Markup = "<b>丙</b>研究院";

    [Fact]
    public async Task Staff_see_the_organisations_a_pending_restricted_upload_is_shared_with()
    {
        if (browser.SkipReason is not null) Assert.Skip(browser.SkipReason);
        var ct = TestContext.Current.CancellationToken;

        using var partner = browser.Server.Client(browser.PartnerA);
        using var upload = await ApiServer.UploadAsync(partner, TestPdfs.Make("The corridor sharing brief covers customs clearance in border parks."), "sharing.pdf",
            new Dictionary<string, string> { ["title"] = Title, ["visibility"] = "restricted", ["organisations"] = $"乙智库,{Markup},丁中心,戊学会" });
        var job = await ApiServer.WaitForJobAsync(partner, (await upload.Content.ReadFromJsonAsync<UploadAnswer>(ct))!.JobId);
        Assert.True(job.State == "done", job.Error);

        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await PageActions.SignInAsync(page, browser.Staff, "工作人员");
        await page.GotoAsync("/?tab=documents&dreview=pending");
        var row = page.Locator("#docs tbody tr", new PageLocatorOptions { HasText = Title });
        await row.WaitForAsync();

        var names = row.Locator("td .organisations");
        var shown = await names.InnerTextAsync();
        Assert.Contains("乙智库", shown);
        Assert.Contains(Markup, shown);
        Assert.Equal(0, await row.Locator("td b").CountAsync());
        // Five organisations (the four named and the uploader's own): three shown, all five on hover.
        Assert.Contains("(5)", shown);
        var full = await names.GetAttributeAsync("title");
        foreach (var name in new[] { "乙智库", Markup, "丁中心", "戊学会", "甲智库" }) Assert.Contains(name, full);
        await page.Context.CloseAsync();
    }
}
