using System.Collections.Concurrent;
using System.Net;
using KnowledgeBase.Api.Security;
using KnowledgeBase.Security;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// A key in the URL is refused (400, saying to use the header), never used, and never written to the logs in clear,
/// even with the host's request log (every URL, at Information) switched on.
/// </summary>
public sealed class UrlCredentialTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_in_the_query_string_is_refused_and_never_logged()
    {
        var logs = new CapturedLogs();
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string>
        {
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting"] = "Information",
        }, builder => builder.Logging.AddProvider(logs));
        var key = await server.CreateKeyAsync(ApiRole.Staff);
        var secret = key.Split('_', 3)[2];
        using var anonymous = server.Client();

        foreach (var query in new[]
                 {
                     $"q=test&key={key}", $"api_key={Uri.EscapeDataString(key)}&q=test", $"q=test&access_token={key}",
                     $"q={key}", $"q=test&x={Uri.EscapeDataString(key).Replace("_", "%5F")}", $"q=test&{key}=1",
                     "q=test&token=abc", "q=test&apikey=abc",
                 })
        {
            using var response = await anonymous.GetAsync($"/api/search?{query}", Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {body}");
            Assert.Contains("X-Api-Key", body);
            Assert.DoesNotContain(secret, body);
        }
        // Not even the page, and not with a valid key in the header beside it.
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync($"/?key={key}", Ct)).StatusCode);
        using var staff = server.Client(key);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"/api/jobs?key={key}", Ct)).StatusCode);
        // Words that merely resemble parameter names are fine.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/search?q=key%20token", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/jobs", Ct)).StatusCode);

        var lines = logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("Request starting") && l.Contains("REDACTED"));
        Assert.DoesNotContain(lines, l => l.Contains(secret) || l.Contains(Uri.EscapeDataString(secret)));
    }

    [Theory]
    [InlineData("?q=a&key=kb_0123456789abcdef_s3cr3t", "?q=a&key=REDACTED")]
    [InlineData("?KEY=x", "?KEY=REDACTED")]
    [InlineData("?q=kb%5F0123456789abcdef%5Fs3cr3t", "?q=REDACTED")]
    [InlineData("?kb_0123456789abcdef_s3cr3t", "?REDACTED=REDACTED")]
    [InlineData("?q=kb_not-a-key&key=", null)]
    [InlineData("?q=monkey&top=5", null)]
    [InlineData("", null)]
    public void Credentials_are_found_in_names_and_values_encoded_or_not(string query, string? redacted) =>
        Assert.Equal(redacted, UrlCredentials.Redact(query));

    [Fact]
    public void Only_the_key_format_counts_as_a_key()
    {
        Assert.True(ApiKeySecrets.ContainsKeyLike("see kb_0123456789abcdef_x"));
        Assert.True(ApiKeySecrets.ContainsKeyLike("kb_kb_0123456789abcdef_x"));
        Assert.False(ApiKeySecrets.ContainsKeyLike("kb_0123456789ABCDEF_x"));
        Assert.False(ApiKeySecrets.ContainsKeyLike("kb_0123456789abcdef"));
        Assert.False(ApiKeySecrets.ContainsKeyLike("kb_0123456789abcdeg_x"));
    }
}
