using System.Net;

namespace KnowledgeBase.Tests.Api;

/// <summary><c>GET /api/documents/{id}/text</c>: the extracted text page by page, the text the passages index into.</summary>
[Collection(ApiCollection.Name)]
public sealed class DocumentTextTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task All_pages_come_in_order_and_passages_index_into_them()
    {
        using var client = api.Anonymous();
        var text = await client.GetJsonAsync($"/api/documents/{ApiFixture.PublicDoc}/text");

        Assert.Equal(ApiFixture.PublicDoc, (string)text["documentId"]!);
        Assert.Equal(2, (int)text["pageCount"]!);
        var pages = text["pages"]!.AsArray();
        Assert.Equal([1, 2], pages.Select(p => (int)p!["number"]!));
        Assert.StartsWith("崇左市推进沿边产业园区建设", (string)pages[0]!["text"]!);
        Assert.Equal("第二页：沿边产业园区的基础设施建设加快推进。", (string)pages[1]!["text"]!);

        // Every passage is the slice of its page text that its offsets name.
        var document = await client.GetJsonAsync($"/api/documents/{ApiFixture.PublicDoc}");
        foreach (var passage in document["passages"]!.AsArray().Where(p => (int)p!["page"]! == (int)p["pageEnd"]!))
        {
            var page = (string)pages[(int)passage!["page"]! - 1]!["text"]!;
            Assert.Equal((string)passage["text"]!, page[(int)passage["startOffset"]!..(int)passage["endOffset"]!]);
        }
    }

    [Fact]
    public async Task One_page_is_served_alone_and_a_missing_page_says_how_many_there_are()
    {
        using var client = api.Anonymous();
        var second = await client.GetJsonAsync($"/api/documents/{ApiFixture.PublicDoc}/text?page=2");
        var page = Assert.Single(second["pages"]!.AsArray());
        Assert.Equal(2, (int)page!["number"]!);

        using var missing = await client.GetAsync($"/api/documents/{ApiFixture.PublicDoc}/text?page=3", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("2 pages", await missing.Content.ReadAsStringAsync(Ct));

        using var zero = await client.GetAsync($"/api/documents/{ApiFixture.PublicDoc}/text?page=0", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
    }

    [Fact]
    public async Task A_member_reads_internal_text_that_a_partner_cannot()
    {
        var member = await api.As(api.Member).GetJsonAsync($"/api/documents/{ApiFixture.InternalDoc}/text");
        Assert.Contains(ApiFixture.InternalSecret, member.Text());

        using var partner = api.As(api.PartnerBKey);
        using var hidden = await partner.GetAsync($"/api/documents/{ApiFixture.InternalDoc}/text", Ct);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.DoesNotContain(ApiFixture.InternalSecret, await hidden.Content.ReadAsStringAsync(Ct));
    }
}
