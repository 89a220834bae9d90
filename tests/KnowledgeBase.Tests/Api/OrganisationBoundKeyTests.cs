using System.Net;
using System.Net.Http.Json;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// Only partners are bound to an organisation, and an organisation's ownership never opens a document restricted to
/// another: new staff and admin keys with an organisation are refused, keys and documents from before that rule are
/// harmless, and each case is checked from both partners' side.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OrganisationBoundKeyTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Appears only in the document restricted to partner A but owned by partner B.</summary>
    private const string LegacySecret = "鲸落档案";
    private const string LegacyDoc = "legacy-owned-restricted";

    [Theory]
    [InlineData("staff")]
    [InlineData("admin")]
    [InlineData("member")]
    public async Task Only_partner_keys_take_an_organisation(string role)
    {
        using var admin = api.As(api.Admin);
        using var refused = await admin.PostAsJsonAsync("/api/keys", new { role, organisation = ApiFixture.PartnerB }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Only partner keys are bound to an organisation", await refused.Content.ReadAsStringAsync(Ct));
        using var plain = await admin.PostAsJsonAsync("/api/keys", new { role, name = "no organisation" }, Ct);
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
        Assert.Null((string?)(await plain.ReadJsonAsync())["organisation"]);

        ApiRoles.TryParse(role, out var parsed);
        var store = api.Server.Services.GetRequiredService<IApiKeyStore>();
        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(parsed, ApiFixture.PartnerB, "bound", Ct));
    }

    [Fact]
    public async Task A_document_restricted_to_one_organisation_stays_hidden_from_its_owner_organisation()
    {
        await SeedLegacyDocumentAsync();
        var passage = $"{LegacyDoc}:0";

        using var partnerA = api.As(api.PartnerAKey);
        Assert.Contains(LegacyDoc, (await partnerA.SearchAsync(LegacySecret)).DocumentIds());
        foreach (var url in new[] { $"/api/documents/{LegacyDoc}", $"/api/documents/{LegacyDoc}/file", $"/api/documents/{LegacyDoc}/text", $"/api/passages/{passage}", $"/api/passages/{passage}/similar" })
            Assert.Equal(HttpStatusCode.OK, (await partnerA.GetAsync(url, Ct)).StatusCode);

        using var partnerB = api.As(api.PartnerBKey);
        var search = await partnerB.SearchAsync(LegacySecret);
        Assert.Empty(search["results"]!.AsArray());
        Assert.Equal(0, (int)search["total"]!);
        Assert.Equal(0, (int)search["facets"]!["documents"]!);
        Assert.DoesNotContain("研究室", search.FacetValues("organisations"));
        foreach (var (url, missing) in new[]
                 {
                     ($"/api/documents/{LegacyDoc}", "/api/documents/no-such-document"),
                     ($"/api/documents/{LegacyDoc}/file", "/api/documents/no-such-document/file"),
                     ($"/api/documents/{LegacyDoc}/text", "/api/documents/no-such-document/text"),
                     ($"/api/passages/{passage}", "/api/passages/no-such-document:0"),
                     ($"/api/passages/{passage}/similar", "/api/passages/no-such-document:0/similar"),
                 })
        {
            using var hidden = await partnerB.GetAsync(url, Ct);
            using var absent = await partnerB.GetAsync(missing, Ct);
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            Assert.Equal(await absent.ProblemSignatureAsync(), await hidden.ProblemSignatureAsync());
        }
        var listed = await partnerB.GetJsonAsync("/api/documents?limit=200");
        Assert.DoesNotContain(listed["documents"]!.AsArray(), d => (string)d!["id"]! == LegacyDoc);
        var similar = await partnerB.GetJsonAsync($"/api/passages/{ApiFixture.PublicDoc}:0/similar?top=50");
        Assert.DoesNotContain(LegacyDoc, similar.DocumentIds());
    }

    [Fact]
    public async Task A_staff_key_bound_to_an_organisation_before_the_rule_acts_without_it()
    {
        var store = api.Server.Services.GetRequiredService<IApiKeyStore>();
        var created = await store.CreateAsync(ApiRole.Partner, ApiFixture.PartnerB, "bound staff, as keys could be made before", Ct);
        using (var database = new SqliteDatabase(api.Server.DataDirectory))
        using (var connection = database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE api_keys SET role = 'staff' WHERE id = $id";
            command.Parameters.AddWithValue("$id", created.Info.Id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
        }
        using var boundStaff = api.As(created.Secret);
        var me = await boundStaff.GetJsonAsync("/api/me");
        Assert.Equal("staff", (string)me["role"]!);
        Assert.Null((string?)me["organisation"]);

        // A word no other test of the shared API fixture ingests ("marmoset" is in SecurityHeaderTests' public documents).
        const string word = "capybaraorgbound";
        using var upload = await ApiServer.UploadAsync(boundStaff, TestPdfs.Make($"Staff note on the {word} corridor, restricted to partner A."), "bound.pdf",
            new Dictionary<string, string> { ["visibility"] = "restricted", ["organisations"] = ApiFixture.PartnerA });
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var job = await ApiServer.WaitForJobAsync(boundStaff, (await upload.Content.ReadFromJsonAsync<UploadAnswer>(Ct))!.JobId);
        Assert.True(job.State == "done", job.Error);
        var id = job.DocumentId!;
        Assert.Null((string?)(await boundStaff.GetJsonAsync($"/api/documents/{id}"))["metadata"]!["ownerOrganisation"]);

        using var partnerA = api.As(api.PartnerAKey);
        Assert.Contains(id, (await partnerA.SearchAsync(word)).DocumentIds());
        Assert.Equal(HttpStatusCode.OK, (await partnerA.GetAsync($"/api/documents/{id}/file", Ct)).StatusCode);
        using var partnerB = api.As(api.PartnerBKey);
        Assert.DoesNotContain(id, (await partnerB.SearchAsync(word)).DocumentIds());
        Assert.Equal(HttpStatusCode.NotFound, (await partnerB.GetAsync($"/api/documents/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await partnerB.GetAsync($"/api/documents/{id}/file", Ct)).StatusCode);
    }

    /// <summary>
    /// A document as an organisation-bound staff key stored it before the rule: restricted to partner A, owned by partner
    /// B, approved, with its original kept (so the file endpoint has something to serve to those who may see it).
    /// </summary>
    private async Task SeedLegacyDocumentAsync()
    {
        var text = $"工作人员经乙机构账号上传的{LegacySecret}，仅限甲智库阅读。";
        await api.Server.SeedAsync(LegacyDoc, "限甲阅读的鲸落档案",
            new DocumentMetadata { Organisation = "研究室", Visibility = Visibility.Restricted, SharedWith = [ApiFixture.PartnerA], OwnerOrganisation = ApiFixture.PartnerB },
            text);
        var stored = await api.Server.Services.GetRequiredService<IKnowledgeStore>().GetDocumentAsync(LegacyDoc, AccessScope.Everything, Ct);
        await using var bytes = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        await api.Server.Services.GetRequiredService<IOriginalFileStore>().SaveAsync(stored!.ContentHash, ".txt", bytes, Ct);
    }
}
