using System.Net;
using KnowledgeBase.Ingestion.Parsing;

namespace KnowledgeBase.Tests.Api;

/// <summary>The API description, its browsable reference, the page and the unchanged spine endpoints.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiAndPageTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        using var client = api.Anonymous();
        var doc = await client.GetJsonAsync("/openapi/v1.json");
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[] { "/api/search", "/api/documents", "/api/documents/{id}", "/api/documents/{id}/file", "/api/documents/{id}/text", "/api/jobs/{id}",
                     "/api/ask", "/api/passages/{id}", "/api/passages/{id}/similar", "/api/failures", "/api/keys" })
            Assert.Contains(path, paths);
        using var scalar = await client.GetAsync("/scalar", Ct);
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        // Served offline: the reference loads its script from this server and no web fonts from Scalar's.
        var html = await scalar.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("fonts.scalar.com", html);
        Assert.DoesNotContain("cdn.jsdelivr.net", html);
        using var script = await client.GetAsync("/scalar/scalar.js", Ct);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    /// <summary>
    /// The page's file picker offers every format the ingest reads: a format missing from its <c>accept</c> list is one a
    /// user cannot choose in the dialog, though the server would take it.
    /// </summary>
    [Fact]
    public async Task The_upload_picker_offers_every_format_the_ingest_reads()
    {
        using var client = api.Anonymous();
        var html = await client.GetStringAsync("/", Ct);
        var input = System.Text.RegularExpressions.Regex.Match(html, "<input name=\"file\" type=\"file\"[^>]*accept=\"([^\"]+)\"");
        Assert.True(input.Success, "the upload form has no file input with an accept list");
        var offered = input.Groups[1].Value.Split(',');
        foreach (var format in FileFormats.Readable)
            Assert.Contains(format.Extension(), offered);
    }

    /// <summary>
    /// The PDF.js build the source viewer loads is committed under wwwroot/vendor/pdfjs (tools/pdfjs/vendor.sh): every
    /// file matches its manifest, and the server sends modules, CMaps and fonts with types browsers accept.
    /// </summary>
    [Fact]
    public async Task The_vendored_pdfjs_matches_its_manifest_and_is_served()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot", "vendor", "pdfjs");
        var manifest = File.ReadAllLines(Path.Combine(root, "MANIFEST.sha256"));
        Assert.StartsWith("# pdfjs-dist ", manifest[0]);
        var entries = manifest.Skip(1).Select(l => (Hash: l[..64], Path: l[66..])).ToList();
        Assert.Contains(entries, e => e.Path == "./pdf.min.mjs");
        Assert.Contains(entries, e => e.Path == "./cmaps/UniGB-UCS2-H.bcmap");
        foreach (var (hash, path) in entries)
            Assert.Equal(hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(root, path)))));

        using var client = api.Anonymous();
        foreach (var (path, type) in new[]
                 {
                     ("/vendor/pdfjs/pdf.min.mjs", "text/javascript"), ("/vendor/pdfjs/pdf.worker.min.mjs", "text/javascript"),
                     ("/vendor/pdfjs/cmaps/UniGB-UCS2-H.bcmap", "application/octet-stream"), ("/vendor/pdfjs/standard_fonts/FoxitSerif.pfb", "application/octet-stream"),
                     ("/vendor/pdfjs/wasm/openjpeg_nowasm_fallback.js", "text/javascript"), ("/js/main.js", "text/javascript"),
                 })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, path);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Page_health_and_search_contract_are_served()
    {
        using var client = api.Anonymous();
        var page = await client.GetStringAsync("/", Ct);
        Assert.Contains("js/main.js", page);
        Assert.Contains("lang=\"zh-CN\"", page);
        var health = await client.GetJsonAsync("/health");
        Assert.Equal("ok", (string)health["status"]!);
        var search = await client.SearchAsync("沿边产业园区政策");
        Assert.NotNull(search["query"]);
        Assert.NotNull(search["tookMs"]);
        var hit = search["results"]![0]!;
        foreach (var field in new[] { "rank", "documentId", "title", "source", "page", "passage", "highlights", "score" })
            Assert.NotNull(hit[field]);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/search?q=", Ct)).StatusCode);
    }

    [Fact]
    public async Task Search_pages_with_offset_and_filters()
    {
        using var staff = api.As(api.Staff);
        var all = await staff.SearchAsync("沿边产业园区");
        var ids = all["results"]!.AsArray().Select(r => (string)r!["passageId"]!).ToList();
        Assert.True(ids.Count >= 3);
        var second = await staff.GetJsonAsync($"/api/search?q={Uri.EscapeDataString("沿边产业园区")}&top=1&offset=1");
        Assert.Equal(ids[1], (string)second["results"]![0]!["passageId"]!);
        Assert.Equal(2, (int)second["results"]![0]!["rank"]!);
        var typed = await staff.SearchAsync("沿边产业园区", $"&type={Uri.EscapeDataString("研究报告")}");
        Assert.Equal([ApiFixture.RestrictedDoc], typed.DocumentIds());
        var tagged = await staff.SearchAsync("沿边产业园区", $"&tag={Uri.EscapeDataString("沿边,内部")}");
        Assert.Equal([ApiFixture.InternalDoc, ApiFixture.PublicDoc], tagged.DocumentIds().Order());
        var years = await staff.SearchAsync("沿边产业园区", "&yearFrom=2023");
        Assert.Equal([ApiFixture.InternalDoc, ApiFixture.PublicDoc], years.DocumentIds().Order());
        Assert.Equal(["2023", "2024"], years.FacetValues("years").Order());
    }
}
