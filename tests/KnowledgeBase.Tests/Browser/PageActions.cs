using Microsoft.Playwright;

namespace KnowledgeBase.Tests.Browser;

/// <summary>What a user does on the search page, shared by the browser tests.</summary>
public static class PageActions
{
    /// <summary>Signs in with a key through the page's account menu and waits until the page shows who is signed in.</summary>
    public static async Task SignInAsync(IPage page, string key, string shownAs)
    {
        if (!await page.Locator("#signin-form").IsVisibleAsync())
        {
            // Signed in as someone else: sign out first.
            if (await page.Locator("#signout").IsHiddenAsync()) await page.ClickAsync("#account summary");
            if (await page.Locator("#signout").IsVisibleAsync())
            {
                await page.ClickAsync("#signout");
                await page.WaitForFunctionAsync("() => !document.getElementById('signin-form').hidden");
            }
        }
        if (!await page.Locator("#account").EvaluateAsync<bool>("d => d.open")) await page.ClickAsync("#account summary");
        await page.FillAsync("#api-key", key);
        await page.ClickAsync("#signin-form button[type=submit]");
        await page.WaitForFunctionAsync("s => document.getElementById('whoami').textContent.includes(s)", shownAs);
    }

    /// <summary>Types a query into the search box, submits it and waits for the results (or the no-results line).</summary>
    public static async Task SearchAsync(IPage page, string query)
    {
        await page.FillAsync("#q", query);
        await page.PressAsync("#q", "Enter");
        await SearchSettledAsync(page);
    }

    public static Task SearchSettledAsync(IPage page) =>
        page.WaitForFunctionAsync("() => { const s = document.getElementById('search-status').textContent; return s && !s.includes('…') && !document.getElementById('results').hasAttribute('aria-busy'); }");

    /// <summary>Waits until the source viewer has drawn a page (PDF or text) for the passage in the URL.</summary>
    public static Task ViewerSettledAsync(IPage page) =>
        page.WaitForFunctionAsync("""
            () => {
              const body = document.getElementById('viewer-body');
              const status = document.getElementById('viewer-status').textContent;
              return !document.getElementById('viewer-view').hidden && body.dataset.page && body.childElementCount > 0
                && !status.includes('…');
            }
            """, null, new PageWaitForFunctionOptions { Timeout = 30000 });
}
