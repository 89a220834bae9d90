using System.Net;
using System.Net.Http.Json;
using KnowledgeBase.Api;
using KnowledgeBase.Hosting.Configuration;
using KnowledgeBase.Security;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// Behind a reverse proxy every connection comes from the proxy. With the proxy listed under
/// <c>KnowledgeBase:Proxy</c>, the limits count the client it names in <c>X-Forwarded-For</c>; from any other peer, and
/// with no proxy listed, the header is ignored, so a client cannot pick a fresh address for each guess at a key.
/// The test client connecting from 127.0.0.1 plays the proxy.
/// </summary>
public sealed class TrustedProxyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Limit = 3;
    private const string WrongKey = "kb_0123456789abcdef_not-the-secret";
    private const string ClientA = "198.51.100.7";
    private const string ClientB = "198.51.100.8";

    [Fact]
    public async Task Behind_a_known_proxy_failures_count_against_the_forwarded_client()
    {
        await using var server = await StartAsync(new() { ["KnowledgeBase:Proxy:KnownProxies:0"] = "127.0.0.1" });
        var member = await server.CreateKeyAsync(ApiRole.Member);
        using var proxy = server.ClientFrom(IPAddress.Loopback);

        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(proxy, ClientA, WrongKey));
        using (var refused = await SignInRequestAsync(proxy, ClientA, member))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
        }
        // The proxy appends the address it saw; what a client wrote before it does not move its failures elsewhere.
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(proxy, $"203.0.113.{i + 1}, {ClientA}", member));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SearchAsync(proxy, ClientA, member));

        // Another client behind the same proxy, and the proxy's own requests, are not affected.
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(proxy, ClientB, member));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(proxy, ClientB, WrongKey));
        Assert.Equal(HttpStatusCode.OK, await SearchAsync(proxy, forwardedFor: null, member));

        // IPv6 clients behind the proxy are counted by their /64 too.
        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.Unauthorized, await SearchAsync(proxy, $"2001:db8:1:2::{i + 1}", WrongKey));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SearchAsync(proxy, "2001:db8:1:2::99", member));
        Assert.Equal(HttpStatusCode.OK, await SearchAsync(proxy, "2001:db8:1:3::1", member));
    }

    [Fact]
    public async Task Behind_a_known_proxy_anonymous_requests_are_limited_per_forwarded_client()
    {
        await using var server = await StartAsync(new()
        {
            ["KnowledgeBase:Proxy:KnownNetworks:0"] = "127.0.0.0/8",
            ["KnowledgeBase:Api:RequestsPerMinute"] = "2",
        });
        using var proxy = server.ClientFrom(IPAddress.Loopback);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
            [await SearchAsync(proxy, ClientA), await SearchAsync(proxy, ClientA), await SearchAsync(proxy, ClientA)]);
        Assert.Equal(HttpStatusCode.OK, await SearchAsync(proxy, ClientB));
    }

    [Fact]
    public async Task Behind_a_known_proxy_the_forwarded_scheme_makes_the_session_cookie_secure()
    {
        await using var server = await StartAsync(new() { ["KnowledgeBase:Proxy:KnownProxies:0"] = "127.0.0.1" });
        var member = await server.CreateKeyAsync(ApiRole.Member);
        using var proxy = server.ClientFrom(IPAddress.Loopback);
        using var request = SignInMessage(ClientA, member);
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await proxy.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(SessionCookieIsSecure(response));
    }

    /// <summary>
    /// No proxy configured (a direct deployment), or a proxy configured but the request coming from another peer: a
    /// fresh <c>X-Forwarded-For</c> (and <c>X-Forwarded-Proto</c>) on every request changes nothing. A blank entry (what
    /// docker/docker-compose.yml passes when no proxy network is set) lists no proxy.
    /// </summary>
    [Theory]
    [InlineData(null, 21)]
    [InlineData("127.0.0.1", 22)]
    [InlineData("", 23)]
    public async Task Forwarded_headers_from_a_peer_that_is_not_a_known_proxy_are_ignored(string? knownProxy, int peerOctet)
    {
        var settings = new Dictionary<string, string>();
        if (knownProxy is not null) settings["KnowledgeBase:Proxy:KnownProxies:0"] = knownProxy;
        await using var server = await StartAsync(settings);
        var member = await server.CreateKeyAsync(ApiRole.Member);
        using var client = server.ClientFrom(IPAddress.Parse($"127.0.0.{peerOctet}"));

        using (var request = SignInMessage(ClientA, member))
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            using var signedIn = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            Assert.False(SessionCookieIsSecure(signedIn));
        }

        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, $"203.0.113.{i + 1}", WrongKey));
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(client, $"203.0.113.{100 + i}", member));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SearchAsync(client, forwardedFor: null, member));
    }

    [Theory]
    [InlineData("KnowledgeBase:Proxy:KnownProxies:0", "proxy.local", "KnowledgeBase:Proxy:KnownProxies:0 must be an IP address such as 10.0.0.5 (is 'proxy.local')")]
    [InlineData("KnowledgeBase:Proxy:KnownNetworks:0", "10.0.0.0", "KnowledgeBase:Proxy:KnownNetworks:0 must be a network in CIDR notation such as 10.0.0.0/24 (is '10.0.0.0')")]
    [InlineData("KnowledgeBase:Proxy:KnownNetworks:0", "0.0.0.0/0", "KnowledgeBase:Proxy:KnownNetworks:0 must not take in every address (is '0.0.0.0/0')")]
    [InlineData("KnowledgeBase:Proxy:ForwardLimit", "0", "KnowledgeBase:Proxy:ForwardLimit must be greater than 0 (is 0)")]
    public async Task Proxy_settings_are_checked_at_start(string key, string value, string message)
    {
        await using var app = ApiHost.Build(["--data", TestServices.TempDirectory(), $"--{key}={value}"]);
        var e = Assert.ThrowsAny<Exception>(() => app.Services.ValidateSettingsNow());
        Assert.Equal(message, SettingsValidation.DescribeSettingError(e));
    }

    private static bool SessionCookieIsSecure(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kb_session=", StringComparison.Ordinal))
            .Split(';').Any(attribute => attribute.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    private static Task<ApiServer> StartAsync(Dictionary<string, string> settings)
    {
        settings.TryAdd("KnowledgeBase:Api:FailedSignInsPerMinute", Limit.ToString());
        settings.TryAdd("KnowledgeBase:Api:RequestsPerMinute", "100000");
        return ApiServer.StartAsync(settings);
    }

    private static HttpRequestMessage SignInMessage(string? forwardedFor, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/session") { Content = JsonContent.Create(new { key }) };
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }

    private static Task<HttpResponseMessage> SignInRequestAsync(HttpClient client, string? forwardedFor, string key) =>
        client.SendAsync(SignInMessage(forwardedFor, key), Ct);

    private static async Task<HttpStatusCode> SignInAsync(HttpClient client, string? forwardedFor, string key)
    {
        using var response = await SignInRequestAsync(client, forwardedFor, key);
        return response.StatusCode;
    }

    /// <summary>A search, with <paramref name="key"/> in <c>X-Api-Key</c> when given, anonymous otherwise.</summary>
    private static async Task<HttpStatusCode> SearchAsync(HttpClient client, string? forwardedFor, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=test");
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
