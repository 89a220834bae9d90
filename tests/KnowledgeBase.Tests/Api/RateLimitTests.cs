using System.Net;
using KnowledgeBase.Security;

namespace KnowledgeBase.Tests.Api;

/// <summary>Per-key rate limits on a server configured with small limits.</summary>
public sealed class RateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_key_has_its_own_budget_and_the_excess_gets_429()
    {
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string>
        {
            ["KnowledgeBase:Api:RequestsPerMinute"] = "5",
            ["KnowledgeBase:Api:UploadsPerMinute"] = "1",
        });
        var first = await server.CreateKeyAsync(ApiRole.Member);
        var second = await server.CreateKeyAsync(ApiRole.Member);
        using var a = server.Client(first);
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++) codes.Add((await a.GetAsync("/api/search?q=test", Ct)).StatusCode);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5), codes.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, codes[5]);
        using var limited = await a.GetAsync("/api/search?q=test", Ct);
        Assert.True(limited.Headers.RetryAfter is not null);

        // Another key, and anonymous callers (per address), are counted separately; /health is not limited.
        using var b = server.Client(second);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/api/search?q=test", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client().GetAsync("/api/search?q=test", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/health", Ct)).StatusCode);

        var staff = server.Client(await server.CreateKeyAsync(ApiRole.Staff));
        Assert.Equal(HttpStatusCode.Accepted, (await ApiServer.UploadAsync(staff, TestPdfs.Make("one"), "1.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ApiServer.UploadAsync(staff, TestPdfs.Make("two"), "2.pdf")).StatusCode);
    }
}
