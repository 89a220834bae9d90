using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// Every way a caller could learn of a document it may not see: results, counts, facets, highlights, "similar",
/// document views, files, passages, answers, filters and error messages. Each check is paired with a caller who may
/// see the document, so the test would fail if the document were simply missing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VisibilityLeakTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Shared = "沿边产业园区";

    [Fact]
    public async Task Search_results_counts_and_facets_hold_only_visible_documents()
    {
        var staff = await api.As(api.Staff).SearchAsync(Shared);
        Assert.Contains(ApiFixture.InternalDoc, staff.DocumentIds());
        Assert.Contains(ApiFixture.RestrictedDoc, staff.DocumentIds());
        Assert.Equal(3, (int)staff["facets"]!["documents"]!);

        foreach (var (client, visible) in new[]
                 {
                     (api.Anonymous(), new[] { ApiFixture.PublicDoc }),
                     (api.As(api.PartnerBKey), new[] { ApiFixture.PublicDoc }),
                     (api.As(api.PartnerAKey), new[] { ApiFixture.PublicDoc, ApiFixture.RestrictedDoc }),
                     (api.As(api.Member), new[] { ApiFixture.PublicDoc, ApiFixture.InternalDoc }),
                 })
        {
            var result = await client.SearchAsync(Shared);
            Assert.Equal(visible.Order(), result.DocumentIds().Order());
            Assert.Equal(visible.Length, (int)result["facets"]!["documents"]!);
            Assert.Equal(result["results"]!.AsArray().Count, (int)result["total"]!);
            var text = result.Text();
            if (!visible.Contains(ApiFixture.InternalDoc))
            {
                Assert.DoesNotContain(ApiFixture.InternalSecret, text);
                Assert.DoesNotContain(ApiFixture.InternalOrganisation, result.FacetValues("organisations"));
                Assert.DoesNotContain("建议", result.FacetValues("types"));
                Assert.DoesNotContain("内部", result.FacetValues("tags"));
                Assert.DoesNotContain("2023", result.FacetValues("years"));
            }
            if (!visible.Contains(ApiFixture.RestrictedDoc))
            {
                Assert.DoesNotContain(ApiFixture.RestrictedSecret, text);
                Assert.DoesNotContain("研究室", result.FacetValues("organisations"));
            }
        }
    }

    [Fact]
    public async Task A_word_only_an_invisible_document_holds_finds_nothing_and_counts_zero()
    {
        var member = await api.As(api.Member).SearchAsync(ApiFixture.InternalSecret);
        Assert.Equal([ApiFixture.InternalDoc], member.DocumentIds());
        // Highlights mark the secret for a caller who may see it…
        var hit = member["results"]![0]!;
        var ranges = hit["highlights"]!.AsArray().Select(r => ((string)hit["passage"]!)[(int)r![0]!..(int)r[1]!]).ToList();
        Assert.Contains(ranges, r => ApiFixture.InternalSecret.Contains(r));

        foreach (var client in new[] { api.Anonymous(), api.As(api.PartnerAKey), api.As(api.PartnerBKey) })
        {
            var result = await client.SearchAsync(ApiFixture.InternalSecret);
            Assert.Empty(result["results"]!.AsArray());
            Assert.Equal(0, (int)result["total"]!);
            Assert.Equal(0, (int)result["facets"]!["documents"]!);
            Assert.Empty(result.FacetValues("organisations"));
            Assert.Empty(result.FacetValues("tags"));
        }
    }

    [Fact]
    public async Task Filtering_on_an_invisible_documents_metadata_reveals_nothing()
    {
        using var partner = api.As(api.PartnerBKey);
        var byOrg = await partner.SearchAsync(Shared, $"&organisation={Uri.EscapeDataString(ApiFixture.InternalOrganisation)}");
        Assert.Empty(byOrg["results"]!.AsArray());
        Assert.Equal(0, (int)byOrg["facets"]!["documents"]!);
        var byYear = await partner.SearchAsync(Shared, "&yearFrom=2023&yearTo=2023");
        Assert.Empty(byYear["results"]!.AsArray());
        var list = await partner.GetJsonAsync($"/api/documents?organisation={Uri.EscapeDataString(ApiFixture.InternalOrganisation)}");
        Assert.Equal(0, (int)list["total"]!);

        var member = await api.As(api.Member).SearchAsync(Shared, $"&organisation={Uri.EscapeDataString(ApiFixture.InternalOrganisation)}");
        Assert.Equal([ApiFixture.InternalDoc], member.DocumentIds());
    }

    [Fact]
    public async Task Document_view_file_and_passages_of_an_invisible_document_answer_like_a_missing_one()
    {
        using var partner = api.As(api.PartnerBKey);
        foreach (var suffix in new[] { "", "/file", "/text", "/text?page=1" })
        {
            using var missing = await partner.GetAsync($"/api/documents/no-such-document{suffix}", Ct);
            using var hidden = await partner.GetAsync($"/api/documents/{ApiFixture.InternalDoc}{suffix}", Ct);
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            Assert.Equal(await missing.ProblemSignatureAsync(), await hidden.ProblemSignatureAsync());
            var body = await (await partner.GetAsync($"/api/documents/{ApiFixture.InternalDoc}{suffix}", Ct)).Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain(ApiFixture.InternalDoc, body);
        }
        var visible = await api.As(api.Member).GetJsonAsync($"/api/documents/{ApiFixture.InternalDoc}");
        Assert.Contains(ApiFixture.InternalSecret, visible.Text());
        Assert.NotEmpty(visible["passages"]!.AsArray());

        var list = await partner.GetJsonAsync("/api/documents?limit=200");
        var ids = list["documents"]!.AsArray().Select(d => (string)d!["id"]!).ToList();
        Assert.DoesNotContain(ApiFixture.InternalDoc, ids);
        Assert.DoesNotContain(ApiFixture.RestrictedDoc, ids);
        Assert.Contains(ApiFixture.PublicDoc, ids);
        Assert.Equal(ids.Count, (int)list["total"]!);
    }

    [Fact]
    public async Task More_like_this_never_starts_from_or_returns_an_invisible_passage()
    {
        var internalPassage = $"{ApiFixture.InternalDoc}:0";
        using var partner = api.As(api.PartnerBKey);
        using var missing = await partner.GetAsync("/api/passages/no-such-doc:0/similar", Ct);
        using var hidden = await partner.GetAsync($"/api/passages/{internalPassage}/similar", Ct);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(await missing.ProblemSignatureAsync(), await hidden.ProblemSignatureAsync());

        var publicPassage = $"{ApiFixture.PublicDoc}:0";
        var forStaff = await api.As(api.Staff).GetJsonAsync($"/api/passages/{publicPassage}/similar");
        Assert.Contains(ApiFixture.InternalDoc, forStaff.DocumentIds());
        Assert.DoesNotContain(forStaff["results"]!.AsArray(), r => (string)r!["passageId"]! == publicPassage);

        var forPartner = await partner.GetJsonAsync($"/api/passages/{publicPassage}/similar");
        Assert.DoesNotContain(ApiFixture.InternalDoc, forPartner.DocumentIds());
        Assert.DoesNotContain(ApiFixture.RestrictedDoc, forPartner.DocumentIds());
        Assert.DoesNotContain(ApiFixture.InternalSecret, forPartner.Text());
    }

    [Fact]
    public async Task Answers_cite_only_visible_passages()
    {
        using var partnerResponse = await api.As(api.PartnerBKey).PostAsJsonAsync("/api/ask", new { question = $"{ApiFixture.InternalSecret}是什么" }, Ct);
        var partner = await partnerResponse.ReadJsonAsync();
        Assert.DoesNotContain(ApiFixture.InternalSecret, partner["answer"]!.ToString());
        Assert.DoesNotContain(partner["citations"]!.AsArray(), c => (string)c!["documentId"]! == ApiFixture.InternalDoc);

        using var memberResponse = await api.As(api.Member).PostAsJsonAsync("/api/ask", new { question = $"{ApiFixture.InternalSecret}是什么" }, Ct);
        var member = await memberResponse.ReadJsonAsync();
        Assert.Contains(member["citations"]!.AsArray(), c => (string)c!["documentId"]! == ApiFixture.InternalDoc);
        Assert.Contains(ApiFixture.InternalSecret, member["answer"]!.ToString());
    }
}
