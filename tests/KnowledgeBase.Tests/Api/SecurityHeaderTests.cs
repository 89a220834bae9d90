using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// The page and the API are served with a Content-Security-Policy without inline script, nosniff, no framing and no
/// Referer; original files never run in the app's origin, whatever their format.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class SecurityHeaderTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A partner's HTML whose script would read storage and call the key endpoint if it ever ran here.</summary>
    public const string HostileHtml = """
        <!doctype html><html><head><title>Corridor brief</title></head><body>
        <p>The marmoset corridor brief covers border trade and customs clearance.</p>
        <script>document.title = 'PWNED ' + document.cookie; fetch('/api/keys').then(r => r.text()).then(t => { new Image().src = '/exfil?' + encodeURIComponent(t); });</script>
        </body></html>
        """;

    [Theory]
    [InlineData("/")]
    [InlineData("/js/main.js")]
    [InlineData("/vendor/pdfjs/pdf.min.mjs")]
    [InlineData("/api/search?q=%E6%B2%BF%E8%BE%B9")]
    [InlineData("/api/documents/no-such-document")]
    public async Task Page_and_api_answers_carry_the_security_headers(string path)
    {
        using var response = await api.Anonymous().GetAsync(path, Ct);
        var policy = Header(response, "Content-Security-Policy");
        var directives = policy.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("style-src 'self'", directives["style-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task The_page_has_no_inline_script_style_or_event_handler_the_policy_would_block()
    {
        using var client = api.Anonymous();
        var html = await client.GetStringAsync("/", Ct);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(InlineHandlerOrStyle(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        // Every module of the page: it never stores a key, never turns document bytes into a page of this origin, and
        // never parses server or document text as HTML.
        var modules = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "wwwroot", "js"), "*.js");
        Assert.Contains(modules, m => m.EndsWith("main.js", StringComparison.Ordinal));
        foreach (var module in modules)
        {
            var script = await client.GetStringAsync("/js/" + Path.GetFileName(module), Ct);
            Assert.DoesNotContain("localStorage.setItem('kb.apiKey'", script);
            Assert.DoesNotContain("createObjectURL", script);
            Assert.DoesNotContain("X-Api-Key", script);
            Assert.DoesNotContain("innerHTML", script);
            Assert.DoesNotContain("insertAdjacentHTML", script);
            Assert.DoesNotContain("eval(", script);
        }
    }

    [Fact]
    public async Task Originals_are_served_so_that_nothing_in_them_runs_in_this_origin()
    {
        using var staff = api.As(api.Staff);
        var html = await IngestAsync(staff, Encoding.UTF8.GetBytes(HostileHtml), "brief.html");
        using (var file = await staff.GetAsync($"/api/documents/{html}/file", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("text/html", file.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
            Assert.StartsWith("sandbox;", Header(file, "Content-Security-Policy"));
            Assert.Contains("default-src 'none'", Header(file, "Content-Security-Policy"));
            Assert.Equal("nosniff", Header(file, "X-Content-Type-Options"));
            Assert.False(file.Headers.Contains("Cross-Origin-Opener-Policy"));
        }

        var text = await IngestAsync(staff, Encoding.UTF8.GetBytes("Plain marmoset note about customs clearance.\n<script>alert(1)</script>\n"), "note.txt");
        using (var file = await staff.GetAsync($"/api/documents/{text}/file", Ct))
        {
            Assert.Equal("text/plain", file.Content.Headers.ContentType?.MediaType);
            Assert.Equal("inline", file.Content.Headers.ContentDisposition?.DispositionType);
            Assert.StartsWith("sandbox;", Header(file, "Content-Security-Policy"));
            Assert.Equal("nosniff", Header(file, "X-Content-Type-Options"));
        }

        var pdf = await IngestAsync(staff, TestPdfs.Make("Marmoset corridor annex with customs tables."), "annex.pdf");
        using (var file = await staff.GetAsync($"/api/documents/{pdf}/file", Ct))
        {
            Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
            Assert.Equal("inline", file.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", Header(file, "X-Content-Type-Options"));
        }
    }

    private static async Task<string> IngestAsync(HttpClient client, byte[] content, string name)
    {
        using var upload = await ApiServer.UploadAsync(client, content, name);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var job = await ApiServer.WaitForJobAsync(client, (await upload.Content.ReadFromJsonAsync<UploadAnswer>(Ct))!.JobId);
        Assert.True(job.State == "done", job.Error);
        return job.DocumentId!;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} is missing from the answer to {response.RequestMessage?.RequestUri}");

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[^>]+\s(on[a-z]+|style)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandlerOrStyle();
}
