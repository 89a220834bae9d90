using System.Net;
using System.Net.Http.Json;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// The page's session: <c>POST /api/session</c> exchanges a key for an HttpOnly, SameSite=Strict cookie that holds no
/// key, revoking the key ends the session, and writes authenticated by the cookie must come from this server's page.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SessionTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Signing_in_sets_an_HttpOnly_SameSite_Strict_cookie_that_holds_no_key()
    {
        using var page = api.Server.SessionClient();
        using var signIn = await ApiServer.SignInAsync(page, api.Staff);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var me = await signIn.ReadJsonAsync();
        Assert.Equal("staff", (string)me["role"]!);
        Assert.True((bool)me["session"]!);

        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("kb_session=", cookie);
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("expires=") || a.StartsWith("max-age="));
        Assert.DoesNotContain(api.Staff.Split('_', 3)[2], cookie);

        // The cookie alone signs the page in, for reads and for staff-only endpoints.
        Assert.Equal("staff", (string)(await page.GetJsonAsync("/api/me"))["role"]!);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/api/jobs", Ct)).StatusCode);
        Assert.Contains(ApiFixture.InternalDoc, (await page.SearchAsync(ApiFixture.InternalSecret)).DocumentIds());

        Assert.Equal(HttpStatusCode.NoContent, (await page.DeleteAsync("/api/session", Ct)).StatusCode);
        Assert.Null((string?)(await page.GetJsonAsync("/api/me"))["role"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await page.GetAsync("/api/jobs", Ct)).StatusCode);
        Assert.Empty((await page.SearchAsync(ApiFixture.InternalSecret))["results"]!.AsArray());
    }

    [Fact]
    public async Task A_wrong_key_signs_nobody_in()
    {
        using var page = api.Server.SessionClient();
        using var wrong = await ApiServer.SignInAsync(page, "kb_0123456789abcdef_not-the-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        using var empty = await ApiServer.SignInAsync(page, " ");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Null((string?)(await page.GetJsonAsync("/api/me"))["role"]);
    }

    [Fact]
    public async Task Revoking_a_key_ends_its_sessions()
    {
        using var admin = api.As(api.Admin);
        using var created = await admin.PostAsJsonAsync("/api/keys", new { role = "member", name = "session to revoke" }, Ct);
        var key = await created.ReadJsonAsync();
        using var page = api.Server.SessionClient();
        Assert.Equal(HttpStatusCode.OK, (await ApiServer.SignInAsync(page, (string)key["key"]!)).StatusCode);
        Assert.Contains(ApiFixture.InternalDoc, (await page.SearchAsync(ApiFixture.InternalSecret)).DocumentIds());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/keys/{key["id"]}", Ct)).StatusCode);
        Assert.Null((string?)(await page.GetJsonAsync("/api/me"))["role"]);
        Assert.Empty((await page.SearchAsync(ApiFixture.InternalSecret))["results"]!.AsArray());
    }

    [Fact]
    public async Task Writes_signed_in_by_the_cookie_must_come_from_this_servers_page()
    {
        using var page = api.Server.SessionClient(sendOrigin: false);
        var origin = api.Server.Origin;
        using (var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session") { Content = JsonContent.Create(new { key = api.Staff }) })
        {
            signIn.Headers.Add("Origin", origin);
            Assert.Equal(HttpStatusCode.OK, (await page.SendAsync(signIn, Ct)).StatusCode);
        }

        async Task<HttpStatusCode> DeleteAsync(string? from)
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/documents/no-such-document");
            if (from is not null) request.Headers.Add("Origin", from);
            return (await page.SendAsync(request, Ct)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await DeleteAsync(null));
        Assert.Equal(HttpStatusCode.Forbidden, await DeleteAsync("http://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await DeleteAsync("null"));
        Assert.Equal(HttpStatusCode.Forbidden, await DeleteAsync($"http://{api.Server.Address.Host}:{api.Server.Address.Port + 1}"));
        Assert.Equal(HttpStatusCode.NotFound, await DeleteAsync(origin));
        using (var sameOrigin = new HttpRequestMessage(HttpMethod.Delete, "/api/documents/no-such-document"))
        {
            // Browsers that send no Origin still say where a request came from.
            sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
            Assert.Equal(HttpStatusCode.NotFound, (await page.SendAsync(sameOrigin, Ct)).StatusCode);
        }

        // Browsers add the credentials of HTTP authentication at a proxy (Basic, Negotiate under IIS) by themselves, to
        // requests from other pages too: such a header is no credential of this server's and does not excuse the cookie.
        foreach (var authorization in new[] { "Basic dXNlcjpwYXNz", "Negotiate YIIBhwYGKwYBBQUCoIIBezCCAXeg", "Bearer" })
        {
            using var proxyAuth = new HttpRequestMessage(HttpMethod.Delete, "/api/documents/no-such-document");
            proxyAuth.Headers.TryAddWithoutValidation("Authorization", authorization);
            proxyAuth.Headers.Add("Origin", "http://evil.example");
            Assert.Equal(HttpStatusCode.Forbidden, (await page.SendAsync(proxyAuth, Ct)).StatusCode);
        }

        // Another site cannot sign a browser in with its own key either.
        using (var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/session") { Content = JsonContent.Create(new { key = api.Member }) })
        {
            foreign.Headers.Add("Origin", "http://evil.example");
            Assert.Equal(HttpStatusCode.Forbidden, (await page.SendAsync(foreign, Ct)).StatusCode);
        }

        // Programs authenticate with the header and are not affected.
        using var program = api.As(api.Staff);
        Assert.Equal(HttpStatusCode.NotFound, (await program.DeleteAsync("/api/documents/no-such-document", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_page_uploads_through_its_session()
    {
        using var page = api.Server.SessionClient();
        Assert.Equal(HttpStatusCode.OK, (await ApiServer.SignInAsync(page, api.PartnerAKey)).StatusCode);
        using var upload = await ApiServer.UploadAsync(page, TestPdfs.Make("Session upload probe: border trade corridor note."), "session.pdf");
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var job = await ApiServer.WaitForJobAsync(page, (await upload.Content.ReadFromJsonAsync<UploadAnswer>(Ct))!.JobId);
        Assert.Equal("done", job.State);
        var document = await page.GetJsonAsync($"/api/documents/{job.DocumentId}");
        Assert.Equal(ApiFixture.PartnerA, (string)document["metadata"]!["ownerOrganisation"]!);
    }

    [Fact]
    public async Task A_sign_in_body_past_a_few_kilobytes_is_refused_as_too_large_with_the_reason()
    {
        using var page = api.Server.SessionClient();
        // A wrong key padded out: refused for its size, so the key is never looked at.
        var padded = "kb_0123456789abcdef_" + new string('x', 40 * 1024);
        using var signIn = await page.PostAsJsonAsync("/api/session", new { key = padded }, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, signIn.StatusCode);
        Assert.Contains("4 KiB", (string)(await signIn.ReadJsonAsync())["detail"]!);

        // A real key in a small body still signs in.
        Assert.Equal(HttpStatusCode.OK, (await ApiServer.SignInAsync(page, api.Member)).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_declaring_a_large_body_is_refused_before_the_body_is_sent()
    {
        // Headers declaring 1 MiB (within the server-wide default) and no body at all: the answer can only come from the declared length.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(api.Server.Address.Host, api.Server.Address.Port, Ct);
        var stream = tcp.GetStream();
        var head = $"POST /api/session HTTP/1.1\r\nHost: {api.Server.Address.Authority}\r\nOrigin: {api.Server.Origin}\r\n" +
                   "Content-Type: application/json\r\nContent-Length: 1048576\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        Assert.Equal("HTTP/1.1 413 Payload Too Large", await reader.ReadLineAsync(timeout.Token));
    }
}
