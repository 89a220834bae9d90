using System.Net;

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
        foreach (var path in new[] { "/api/search", "/api/documents", "/api/documents/{id}", "/api/documents/{id}/file", "/api/jobs/{id}", "/api/ask", "/api/passages/{id}/similar", "/api/keys" })
            Assert.Contains(path, paths);
        using var scalar = await client.GetAsync("/scalar", Ct);
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
    }

    [Fact]
    public async Task Page_health_and_search_contract_are_served()
    {
        using var client = api.Anonymous();
        var page = await client.GetStringAsync("/", Ct);
        Assert.Contains("app.js", page);
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
