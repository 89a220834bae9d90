using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KnowledgeBase.Api;
using KnowledgeBase.Hosting.Configuration;
using KnowledgeBase.Security;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// Failed sign-ins are limited per client address: past the limit, that address's requests that present a credential
/// are refused with 429 before the credential is checked. Each case comes from its own loopback address
/// (127.0.0.x), so one address's failures are seen not to touch another's.
/// </summary>
public sealed class FailedSignInLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Limit = 3;
    private const string WrongKey = "kb_0123456789abcdef_not-the-secret";

    /// <summary>How a credential is presented, and what a wrong and a right one look like.</summary>
    public enum Way { Header, Bearer, SignIn }

    [Theory]
    [InlineData(Way.Header, 11)]
    [InlineData(Way.Bearer, 12)]
    [InlineData(Way.SignIn, 13)]
    public async Task Past_the_limit_an_address_is_refused_before_its_keys_are_checked(Way way, int lastOctet)
    {
        var keys = new CountingKeyStore();
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string>
        {
            ["KnowledgeBase:Api:FailedSignInsPerMinute"] = Limit.ToString(),
            ["KnowledgeBase:Api:RequestsPerMinute"] = "100000",
        }, builder => keys.Wrap(builder.Services));
        var member = await server.CreateKeyAsync(ApiRole.Member);
        var address = IPAddress.Parse($"127.0.0.{lastOctet}");
        using var client = server.ClientFrom(address);

        // Right keys cost nothing, however many.
        for (var i = 0; i < 2 * Limit; i++) Assert.Equal(HttpStatusCode.OK, await SendAsync(client, way, member));
        // A page signed in before the block keeps its session: the cookie presents no key.
        using var page = server.ClientFrom(address);
        Assert.Equal(HttpStatusCode.OK, await SendAsync(page, Way.SignIn, member));

        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(client, way, WrongKey));
        var checkedBefore = keys.Validations;
        using (var refused = await RequestAsync(client, way, WrongKey))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
        }
        // While refused, no key is looked at, so a guess cannot tell a right key from a wrong one: the right key gets 429 too.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(client, way, member));
        foreach (var other in Enum.GetValues<Way>())
            Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(client, other, WrongKey));
        Assert.Equal(checkedBefore, keys.Validations);

        // Requests without a credential and the signed-in page go on; other addresses are not affected.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/search?q=test", Ct)).StatusCode);
        Assert.Equal("member", (string?)(await page.GetJsonAsync("/api/me"))["role"]);
        using var elsewhere = server.ClientFrom(IPAddress.Parse($"127.0.0.{lastOctet + 100}"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(elsewhere, way, member));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(elsewhere, way, WrongKey));
    }

    [Fact]
    public async Task The_limit_must_be_positive()
    {
        await using var app = ApiHost.Build(["--data", TestServices.TempDirectory(), "--KnowledgeBase:Api:FailedSignInsPerMinute=0"]);
        var e = Assert.ThrowsAny<Exception>(() => app.Services.ValidateSettingsNow());
        Assert.Equal("KnowledgeBase:Api:FailedSignInsPerMinute must be greater than 0 (is 0)", SettingsValidation.DescribeSettingError(e));
    }

    [Theory]
    [InlineData("::1", "::/64")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::9", "2001:db8:1:2::/64")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("192.0.2.7", "192.0.2.7")]
    public void IPv6_clients_are_counted_by_their_network(string address, string counted) =>
        Assert.Equal(counted, KnowledgeBase.Api.Security.ClientAddress.Of(IPAddress.Parse(address)));

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, Way way, string key)
    {
        using var response = await RequestAsync(client, way, key);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> RequestAsync(HttpClient client, Way way, string key)
    {
        var request = way == Way.SignIn
            ? new HttpRequestMessage(HttpMethod.Post, "/api/session") { Content = JsonContent.Create(new { key }) }
            : new HttpRequestMessage(HttpMethod.Get, "/api/search?q=test");
        if (way == Way.Header) request.Headers.Add("X-Api-Key", key);
        if (way == Way.Bearer) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client.SendAsync(request, Ct);
    }

    /// <summary>The application's key store, counting how often a presented key is checked.</summary>
    private sealed class CountingKeyStore : IApiKeyStore
    {
        private IApiKeyStore _inner = null!;
        private int _validations;

        public int Validations => Volatile.Read(ref _validations);

        /// <summary>Puts this store in front of the one the host registered.</summary>
        public void Wrap(IServiceCollection services)
        {
            var registered = services.Last(d => d.ServiceType == typeof(IApiKeyStore));
            services.Add(ServiceDescriptor.Singleton<IApiKeyStore>(sp =>
            {
                _inner = registered switch
                {
                    { ImplementationInstance: IApiKeyStore instance } => instance,
                    { ImplementationFactory: { } factory } => (IApiKeyStore)factory(sp),
                    _ => (IApiKeyStore)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!),
                };
                return this;
            }));
        }

        public Task<CreatedApiKey> CreateAsync(ApiRole role, string? organisation, string? name, CancellationToken cancellationToken = default) =>
            _inner.CreateAsync(role, organisation, name, cancellationToken);

        public Task<ApiKeyInfo?> ValidateAsync(string presentedKey, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _validations);
            return _inner.ValidateAsync(presentedKey, cancellationToken);
        }

        public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken = default) => _inner.ListAsync(cancellationToken);
        public Task<ApiKeyInfo?> GetAsync(string keyId, CancellationToken cancellationToken = default) => _inner.GetAsync(keyId, cancellationToken);
        public Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken = default) => _inner.RevokeAsync(keyId, cancellationToken);
    }
}
