using System.Net;
using System.Net.Http.Json;
using KnowledgeBase.Security;

namespace KnowledgeBase.Tests.Api;

/// <summary>Who may do what: real keys for each role against the real server.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upload_needs_a_key_and_an_uploading_role()
    {
        var pdf = TestPdfs.Make("authorization probe document");
        using var anonymous = await ApiServer.UploadAsync(api.Anonymous(), pdf, "a.pdf");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("ApiKey", anonymous.Headers.WwwAuthenticate.ToString());
        using var member = await ApiServer.UploadAsync(api.As(api.Member), pdf, "a.pdf");
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        using var partner = await ApiServer.UploadAsync(api.As(api.PartnerAKey), pdf, "a.pdf");
        Assert.Equal(HttpStatusCode.Accepted, partner.StatusCode);
    }

    [Fact]
    public async Task Staff_actions_are_refused_to_partners_and_members_whatever_the_document()
    {
        foreach (var key in new[] { api.PartnerAKey, api.Member })
        {
            using var client = api.As(key);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/documents/{ApiFixture.InternalDoc}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/documents/{ApiFixture.PublicDoc}/approve", null, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/documents/no-such-doc/reindex", null, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/jobs", Ct)).StatusCode);
        }
        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync($"/api/documents/{ApiFixture.PublicDoc}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/jobs/anything", Ct)).StatusCode);
    }

    [Fact]
    public async Task Invalid_or_revoked_keys_are_refused_even_where_anonymous_callers_may_read()
    {
        using var bogus = api.As("kb_0123456789abcdef_not-the-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bogus.GetAsync("/api/search?q=沿边", Ct)).StatusCode);

        using var admin = api.As(api.Admin);
        using var created = await admin.PostAsJsonAsync("/api/keys", new { role = "member", name = "to revoke" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = await created.ReadJsonAsync();
        using var member = api.As((string)key["key"]!);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/search?q=沿边", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/keys/{key["id"]}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/search?q=沿边", Ct)).StatusCode);
    }

    [Fact]
    public async Task Only_admins_manage_keys_and_listing_never_shows_secrets()
    {
        using var staff = api.As(api.Staff);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/keys", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/api/keys", new { role = "admin" }, Ct)).StatusCode);

        using var admin = api.As(api.Admin);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/keys", new { role = "partner" }, Ct)).StatusCode);
        using var created = await admin.PostAsJsonAsync("/api/keys", new { role = "partner", organisation = "丙智库", name = "c" }, Ct);
        var secret = (string)(await created.ReadJsonAsync())["key"]!;
        var listing = await (await admin.GetAsync("/api/keys", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("丙智库", listing);
        Assert.DoesNotContain(secret, listing);
        // The secret is everything after the second '_' (it may itself hold '_'): 43 random characters, so a match could only be a leak.
        var secretPart = secret.Split('_', 3)[2];
        Assert.Equal(43, secretPart.Length);
        Assert.DoesNotContain(secretPart, listing);

        var me = await api.As(secret).GetJsonAsync("/api/me");
        Assert.Equal("partner", (string)me["role"]!);
        Assert.Equal("丙智库", (string)me["organisation"]!);
        Assert.True((bool)me["canUpload"]!);
    }

    [Fact]
    public async Task Keys_are_stored_hashed()
    {
        var store = (IApiKeyStore)api.Server.Services.GetService(typeof(IApiKeyStore))!;
        var created = await store.CreateAsync(ApiRole.Member, null, "hash check", Ct);
        var secretPart = created.Secret.Split('_', 3)[2];
        var db = await File.ReadAllBytesAsync(Path.Combine(api.Server.DataDirectory, "knowledge.db"), Ct);
        var wal = Path.Combine(api.Server.DataDirectory, "knowledge.db-wal");
        var all = File.Exists(wal) ? [.. db, .. await File.ReadAllBytesAsync(wal, Ct)] : db;
        Assert.Equal(-1, all.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secretPart)));
        Assert.NotNull(await store.ValidateAsync(created.Secret, Ct));
        Assert.Null(await store.ValidateAsync(created.Secret[..^1] + (created.Secret[^1] == 'A' ? 'B' : 'A'), Ct));
    }
}
