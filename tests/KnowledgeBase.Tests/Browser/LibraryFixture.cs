using System.Net.Http.Json;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using KnowledgeBase.Tests.Api;
using Microsoft.Playwright;

namespace KnowledgeBase.Tests.Browser;

/// <summary>
/// A small library as the page's users meet it, on a real API server with Debian's Chromium: real files of every
/// format uploaded through the API and ingested by the worker (a Chinese journal PDF, a State Council HTML notice, a
/// Markdown regulation, a Word guide, a generated two-page PDF), an internal note only members and staff see, a file
/// that fails to ingest, and enough catalogue entries to page the library. Keys for each user group.
/// Screenshots go to TestResults/screenshots beside the test binaries.
/// </summary>
public sealed class LibraryFixture : IAsyncLifetime
{
    /// <summary>A word on page 2 of the generated PDF only.</summary>
    public const string PageTwoWord = "capybara";
    public const string Markup = "<img src=x onerror=alert(1)>";
    /// <summary>Appears in the internal note only.</summary>
    public const string InternalWord = "蓝鲸计划";
    public const int CatalogueEntries = 110;

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }
    public ApiServer Server { get; private set; } = null!;
    public string Admin { get; private set; } = "";
    public string Staff { get; private set; } = "";
    public string Member { get; private set; } = "";
    public string PartnerA { get; private set; } = "";
    public string PartnerB { get; private set; } = "";
    public string? SkipReason { get; private set; }
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
    /// <summary>Document ids by file name.</summary>
    public Dictionary<string, string> Documents { get; } = [];

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            SkipReason = $"{BrowserFixture.ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does) to run the browser tests.";
            return;
        }
        Directory.CreateDirectory(ScreenshotDirectory);
        Server = await ApiServer.StartAsync(new Dictionary<string, string> { ["KnowledgeBase:Api:RequestsPerMinute"] = "100000" });
        Admin = await Server.CreateKeyAsync(ApiRole.Admin);
        Staff = await Server.CreateKeyAsync(ApiRole.Staff);
        Member = await Server.CreateKeyAsync(ApiRole.Member);
        PartnerA = await Server.CreateKeyAsync(ApiRole.Partner, "甲智库");
        PartnerB = await Server.CreateKeyAsync(ApiRole.Partner, "乙智库");

        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Parsing");
        await UploadAsync(File.ReadAllBytes(Path.Combine(fixtures, "jap_1994_civil_aeroengine_condition_monitoring.pdf")), "jap_1994_civil_aeroengine_condition_monitoring.pdf",
            new() { ["title"] = "民用航空发动机状态监视和故障诊断系统研究", ["organisation"] = "航空动力学报", ["year"] = "1994", ["type"] = "论文" });
        await UploadAsync(File.ReadAllBytes(Path.Combine(fixtures, "SC01_GF20195.html")), "SC01_GF20195.html",
            new() { ["organisation"] = "国务院", ["year"] = "2019", ["type"] = "意见" });
        await UploadAsync(File.ReadAllBytes(Path.Combine(fixtures, "shanghai-port-services-regulation-2020-05-14.md")), "shanghai-port-services-regulation-2020-05-14.md",
            new() { ["title"] = "上海口岸服务条例", ["organisation"] = "上海市人大常委会", ["year"] = "2020", ["type"] = "条例" });
        await UploadAsync(File.ReadAllBytes(Path.Combine(fixtures, "nb-psr-guide-part1-draft.docx")), "nb-psr-guide-part1-draft.docx",
            new() { ["title"] = "核电厂定期安全审查指南 第1部分：通用要求", ["organisation"] = "国家核安全局", ["year"] = "2023", ["type"] = "指南" });
        await UploadAsync(TestPdfs.Make(
                string.Join(" ", Enumerable.Range(1, 12).Select(i => $"Section {i} of the annual review covers land supply, customs clearance and investment promotion in border industrial parks.")),
                $"Page two: the {PageTwoWord} programme expanded land supply for border industrial parks. Raw markup stays text: {Markup}"),
            "review.pdf", new() { ["title"] = "Border parks review", ["year"] = "2024", ["type"] = "研究报告" });
        var broken = await UploadAsync("%PDF-1.7\nnot a real PDF body\n%%EOF"u8.ToArray(), "broken-scan.pdf", [], expectFailure: true);
        Documents["broken-scan.pdf"] = broken;

        await Server.SeedAsync("work-report-2025", "2025年政府工作报告（摘要）", new DocumentMetadata { Organisation = "国务院", Year = 2025, Language = "zh", DocumentType = "报告" },
            "今年赤字率拟按4%左右安排，赤字规模5.66万亿元。过去一年国内生产总值增长5%，2024年全年粮食产量1.4万亿斤。");
        const string scanned = "扫描件：关于推进跨境贸易通关便利化的通知，进一步压缩整体通关时间。";
        await Server.SeedAsync("scanned-notice", "通关便利化通知（扫描件）", new DocumentMetadata { Organisation = "海关总署", Year = 2021, Language = "zh" },
            [new DocumentPage(1, scanned, [new OcrSpan(0, scanned.Length, 0.87)])]);
        await Server.SeedAsync("internal-note", "口岸安全内部参考", new DocumentMetadata { Organisation = "全国政协办公厅", Year = 2025, Language = "zh", Visibility = Visibility.Internal },
            $"关于口岸安全和{InternalWord}的内部参考，仅供委员和工作人员阅读。");
        for (var i = 1; i <= CatalogueEntries; i++)
            await Server.SeedAsync($"catalogue-{i:D3}", $"馆藏目录 {i:D3}", new DocumentMetadata { Year = 1990 + i % 30, Language = "zh" }, $"馆藏目录第{i}号条目的正文。");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    private async Task<string> UploadAsync(byte[] content, string name, Dictionary<string, string> fields, bool expectFailure = false)
    {
        using var staff = Server.Client(Staff);
        using var upload = await ApiServer.UploadAsync(staff, content, name, fields);
        var answer = await upload.Content.ReadFromJsonAsync<UploadAnswer>();
        var job = await ApiServer.WaitForJobAsync(staff, answer!.JobId);
        if (expectFailure) return job.State == "failed" ? job.Id : throw new InvalidOperationException($"{name} was expected to fail");
        if (job.State != "done") throw new InvalidOperationException($"seeding {name} failed: {job.Error}");
        Documents[name] = job.DocumentId!;
        return job.DocumentId!;
    }

    /// <summary>A fresh browser context (its own cookies) at desktop or phone size.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, string locale = "zh-CN")
    {
        var options = new BrowserNewContextOptions { BaseURL = Server.Address.ToString(), Locale = locale };
        if (phone)
        {
            options.ViewportSize = new ViewportSize { Width = 390, Height = 844 };
            options.IsMobile = true;
            options.HasTouch = true;
            options.DeviceScaleFactor = 2;
        }
        else
        {
            options.ViewportSize = new ViewportSize { Width = 1280, Height = 900 };
        }
        var context = await Browser!.NewContextAsync(options);
        context.SetDefaultTimeout(20000);
        return await context.NewPageAsync();
    }

    public async Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = fullPage });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (SkipReason is null) await Server.DisposeAsync();
    }
}
