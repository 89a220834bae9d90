using Microsoft.Playwright;

namespace KnowledgeBase.Tests.Browser;

/// <summary>What a user does on the search page, shared by the browser tests.</summary>
public static class PageActions
{
    /// <summary>Enters a key in the page and waits until the page shows who is signed in and has reloaded the document list.</summary>
    public static async Task SignInAsync(IPage page, string key, string shownAs)
    {
        if (!await page.Locator("#signin").EvaluateAsync<bool>("d => d.open")) await page.ClickAsync("#signin summary");
        await page.FillAsync("#api-key", key);
        await page.ClickAsync("#key-form button[type=submit]");
        await page.WaitForFunctionAsync("s => document.getElementById('whoami').textContent.includes(s)", shownAs);
        await page.WaitForFunctionAsync("() => /共 \\d+ 篇/.test(document.getElementById('docs-status').textContent)");
    }

    public static async Task SearchAsync(IPage page, string query)
    {
        await page.FillAsync("#q", query);
        await page.PressAsync("#q", "Enter");
        await page.WaitForFunctionAsync("() => { const s = document.getElementById('search-status').textContent; return s && !s.includes('…'); }");
    }
}
