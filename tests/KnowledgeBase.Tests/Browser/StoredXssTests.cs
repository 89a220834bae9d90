using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using KnowledgeBase.Tests.Api;
using Microsoft.Playwright;

namespace KnowledgeBase.Tests.Browser;

/// <summary>
/// A partner uploads an HTML file whose script tries to read the page's storage and cookies and to call the key
/// endpoint; staff signs in on the page, finds it and opens it through every link the page offers. Nothing of it may
/// run in the app's origin: no key or session is readable by script, the script never reports back, and no call to
/// <c>/api/keys</c> succeeds.
/// </summary>
[Trait("Category", "Slow")]
public sealed class StoredXssTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Word = "tarsier";

    /// <summary>Reports what it can read to <c>/exfil</c> (a request the test watches for), then tries the key endpoint.</summary>
    private const string HostileHtml = """
        <!doctype html><html><head><meta charset="utf-8"><title>Partner corridor brief</title></head><body>
        <h1>Partner corridor brief</h1>
        <p>The tarsier corridor brief covers border trade, customs clearance and investment promotion in border industrial parks.</p>
        <script>
        (function () {
          var loot = 'cookie=' + document.cookie;
          var key = '';
          try { loot += ';local=' + JSON.stringify(localStorage) + ';session=' + JSON.stringify(sessionStorage); key = localStorage.getItem('kb.apiKey') || ''; }
          catch (e) { loot += ';storage-blocked'; }
          new Image().src = '/exfil?ran=1&' + encodeURIComponent(loot);
          document.title = 'PWNED ' + loot;
          fetch('/api/keys', { credentials: 'include', headers: key ? { 'X-Api-Key': key } : {} })
            .then(function (r) { return r.text().then(function (t) { new Image().src = '/exfil?keys=' + r.status + '&' + encodeURIComponent(t); }); });
        })();
        </script>
        </body></html>
        """;

    [Fact]
    public async Task A_partners_html_opened_by_staff_through_every_link_reads_no_session_and_calls_no_key_api()
    {
        if (browser.SkipReason is not null) Assert.Skip(browser.SkipReason);
        var ct = TestContext.Current.CancellationToken;

        using var partner = browser.Server.Client(browser.PartnerA);
        using var upload = await ApiServer.UploadAsync(partner, Encoding.UTF8.GetBytes(HostileHtml), "brief.html",
            new Dictionary<string, string> { ["title"] = "Partner corridor brief" });
        var job = await ApiServer.WaitForJobAsync(partner, (await upload.Content.ReadFromJsonAsync<UploadAnswer>(ct))!.JobId);
        Assert.True(job.State == "done", job.Error);

        var page = await browser.NewPageAsync();
        var reports = new ConcurrentQueue<string>();
        var keyCalls = new ConcurrentQueue<string>();
        var files = new ConcurrentQueue<(string Url, int Status)>();
        var policyViolations = new ConcurrentQueue<string>();
        page.Context.Request += (_, r) => { if (r.Url.Contains("/exfil")) reports.Enqueue(r.Url); };
        page.Context.Response += (_, r) =>
        {
            var path = new Uri(r.Url).AbsolutePath;
            if (path.StartsWith("/api/keys")) keyCalls.Enqueue($"{r.Status} {r.Url}");
            if (path.EndsWith("/file")) files.Enqueue((r.Url, r.Status));
        };
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) policyViolations.Enqueue(m.Text); };

        await page.GotoAsync("/");
        await PageActions.SignInAsync(page, browser.Staff, "工作人员");
        await PageActions.SearchAsync(page, Word);
        var result = page.Locator("#results > li", new PageLocatorOptions { HasText = "Partner corridor brief" }).First;
        await result.WaitForAsync();

        var links = result.Locator("a[href]");
        var count = await links.CountAsync();
        Assert.True(count > 0, "the result offers no link to its source");
        var viewed = false;
        for (var i = 0; i < count; i++)
        {
            var link = result.Locator("a[href]").Nth(i);
            var href = (await link.GetAttributeAsync("href"))!;
            if (href.StartsWith("?passage=", StringComparison.Ordinal))
            {
                // The in-app source viewer: the document's extracted text, inserted as text in this origin.
                await link.ClickAsync();
                await PageActions.ViewerSettledAsync(page);
                Assert.Contains(Word, await page.Locator("#viewer-body").InnerTextAsync());
                Assert.Equal(0, await page.Locator("#viewer-body script, #viewer-body img, #viewer-body iframe").CountAsync());
                viewed = true;
                await page.GoBackAsync();
                await PageActions.SearchSettledAsync(page);
                continue;
            }
            Assert.StartsWith($"/api/documents/{job.DocumentId}/", href);
            if (await link.GetAttributeAsync("target") == "_blank")
            {
                var opened = await page.RunAndWaitForPopupAsync(() => link.ClickAsync());
                await SettledAsync(opened);
            }
            else
            {
                var before = page.Url;
                await SettledAsync(page, () => link.ClickAsync());
                if (page.Url != before) await page.GoBackAsync();
            }
        }

        Assert.True(viewed, "the result offers no way into the source viewer");
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Equal(200, f.Status));
        Assert.Empty(reports);
        Assert.DoesNotContain(keyCalls, c => c.StartsWith("200 "));

        // What page script could reach holds neither the key nor the session.
        var readable = await page.EvaluateAsync<string>("() => document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
        Assert.DoesNotContain(browser.Staff.Split('_', 3)[2], readable);
        Assert.DoesNotContain("kb_session", readable);
        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "kb_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Empty(policyViolations);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Waits until an opened original has either been handed to the download manager or has finished loading (a
    /// document's inline script runs, and its image requests are made, before its load event).
    /// </summary>
    private static async Task SettledAsync(IPage opened)
    {
        var download = opened.WaitForDownloadAsync();
        var loaded = opened.WaitForURLAsync(u => u != "about:blank", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Load });
        await Task.WhenAny(download, loaded);
        Observe(loaded);
        Observe(download);
        if (download.IsCompletedSuccessfully) await (await download).CancelAsync();
    }

    private static async Task SettledAsync(IPage page, Func<Task> click)
    {
        var download = page.WaitForDownloadAsync();
        var loaded = page.WaitForLoadStateAsync(LoadState.Load);
        await click();
        await Task.WhenAny(download, loaded);
        Observe(loaded);
        Observe(download);
    }

    /// <summary>The wait that lost the race ends when the tab closes or times out; its outcome does not matter.</summary>
    private static void Observe(Task task) => task.ContinueWith(t => t.Exception, TaskScheduler.Default);
}
