using KnowledgeBase.Security;
using KnowledgeBase.Tests.Api;
using Microsoft.Playwright;

namespace KnowledgeBase.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright against a real API server. Playwright never downloads a browser here:
/// it is pointed at /usr/bin/chromium (installed by .ci/run); without it the browser tests skip and say why.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    /// <summary>A word on page 2 of the seeded PDF only.</summary>
    public const string PageTwoWord = "capybara";
    public const string Markup = "<img src=x onerror=alert(1)>";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }
    public ApiServer Server { get; private set; } = null!;
    public string Staff { get; private set; } = "";
    public string PartnerA { get; private set; } = "";
    public string PartnerB { get; private set; } = "";
    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does) to run the browser tests.";
            return;
        }
        Server = await ApiServer.StartAsync(new Dictionary<string, string> { ["KnowledgeBase:Api:RequestsPerMinute"] = "100000" });
        Staff = await Server.CreateKeyAsync(ApiRole.Staff);
        PartnerA = await Server.CreateKeyAsync(ApiRole.Partner, "甲智库");
        PartnerB = await Server.CreateKeyAsync(ApiRole.Partner, "乙智库");

        using var staff = Server.Client(Staff);
        var pdf = TestPdfs.Make(
            string.Join(" ", Enumerable.Range(1, 12).Select(i => $"Section {i} of the annual review covers land supply, customs clearance and investment promotion in border industrial parks.")),
            $"Page two: the {PageTwoWord} programme expanded land supply for border industrial parks. Raw markup stays text: {Markup}");
        using var upload = await ApiServer.UploadAsync(staff, pdf, "review.pdf", new Dictionary<string, string> { ["title"] = "Border parks review" });
        var answer = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<UploadAnswer>(upload.Content);
        var job = await ApiServer.WaitForJobAsync(staff, answer!.JobId);
        if (job.State != "done") throw new InvalidOperationException("seeding the browser fixture failed: " + job.Error);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.Address.ToString(), Locale = "zh-CN" });
        context.SetDefaultTimeout(15000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (SkipReason is null) await Server.DisposeAsync();
    }
}
