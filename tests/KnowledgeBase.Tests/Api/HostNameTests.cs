using System.Net;
using KnowledgeBase.Api;
using KnowledgeBase.Hosting.Configuration;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// The server answers only the host names it is meant to be reached by, so a web page that DNS-rebinds its own name to
/// this computer cannot use the server as an anonymous caller: on loopback alone (the default) only localhost,
/// 127.0.0.1 and [::1]; with <c>AllowedHosts</c> set, only those; listening beyond this computer with nothing set, any
/// name, with a warning naming the setting. A refused name gets 400 before anything else runs.
/// </summary>
public sealed class HostNameTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_loopback_with_nothing_configured_only_the_loopback_names_are_answered()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();

        foreach (var host in new[] { "localhost", "localhost:5080", "127.0.0.1", $"127.0.0.1:{server.Address.Port}", "[::1]", "[::1]:8080", "LOCALHOST" })
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, host, "/health/live"));
        foreach (var host in new[] { "attacker.example", "attacker.example:5080", "localhost.attacker.example", "127.0.0.2" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(client, host, "/health/live"));
            Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(client, host, "/api/search?q=园区"));
            Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(client, host, "/"));
        }
    }

    [Fact]
    public async Task Configured_hosts_are_the_only_ones_answered()
    {
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string> { ["AllowedHosts"] = "kb.example.org; api" });
        using var client = server.Client();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "kb.example.org", "/health/live"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "api:8080", "/health/live"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(client, "localhost", "/health/live"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(client, "attacker.example", "/health/live"));
    }

    [Fact]
    public async Task Beyond_loopback_with_nothing_configured_any_name_is_answered_and_the_setting_is_named_at_start()
    {
        var logs = new CapturedLogs();
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string> { ["urls"] = "http://0.0.0.0:0" },
            builder => builder.Logging.AddProvider(logs));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Address.Port}") };

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "kb.example.org", "/health/live"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "localhost", "/health/live"));
        Assert.Contains(logs.Lines, line => line.Contains("DNS rebinding", StringComparison.Ordinal) && line.Contains("AllowedHosts=kb.example.org", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_loopback_no_warning_is_written()
    {
        var logs = new CapturedLogs();
        await using var server = await ApiServer.StartAsync(configure: builder => builder.Logging.AddProvider(logs));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("DNS rebinding", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://kb.example.org")]
    [InlineData("kb.example.org:443")]
    public async Task A_host_name_with_a_scheme_or_port_is_refused_at_start(string value)
    {
        await using var app = ApiHost.Build(["--data", TestServices.TempDirectory(), $"--AllowedHosts={value}"]);
        var e = Assert.ThrowsAny<Exception>(() => app.Services.ValidateSettingsNow());
        Assert.Equal($"AllowedHosts must list host names without scheme, port or path, separated by ';', such as kb.example.org;localhost (is '{value}')",
            SettingsValidation.DescribeSettingError(e));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
