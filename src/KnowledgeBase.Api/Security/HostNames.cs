using KnowledgeBase.Hosting.Configuration;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// Which <c>Host</c> headers the server answers, through ASP.NET Core's host filtering (others get 400). A server that
/// answers any name can be reached by a web page through DNS rebinding (the attacker's name resolved to 127.0.0.1), and
/// the page then calls the API as an anonymous visitor of this computer. The operator's <c>AllowedHosts</c> wins; with
/// none set, a server listening on loopback alone answers only the loopback names, and one listening beyond this
/// computer answers every name, as before, with a warning at start-up, since only its operator knows its public names.
/// </summary>
internal static class HostNames
{
    public const string Setting = "AllowedHosts";

    /// <summary>The names of this computer; any port, since the filter compares the host alone.</summary>
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    /// <param name="urls">Where the server listens (<c>urls</c>, separated by <c>;</c>), as Kestrel will bind it.</param>
    public static IServiceCollection AddHostNameFiltering(this IServiceCollection services, IConfiguration configuration, string? urls)
    {
        var policy = Decide(configuration, urls);
        // Set here rather than left to the web host's default, which turns an empty AllowedHosts into "any name".
        services.Configure<HostFilteringOptions>(o => o.AllowedHosts = [.. policy.AllowedHosts]);
        services.AddSingleton(policy);
        services.AddSettingsValidation<HostFilteringOptions, HostFilteringValidation>();
        return services;
    }

    /// <summary>Warns, once the server listens, when it answers any host name only because none was configured.</summary>
    public static void ReportAnyHostName(this WebApplication app)
    {
        var policy = app.Services.GetRequiredService<HostNamePolicy>();
        if (!policy.AnyNameByDefault) return;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostNames));
        app.Lifetime.ApplicationStarted.Register(() => logger.LogWarning(
            "Listening beyond this computer with no {Setting} set: requests naming any host are answered, so a web page could reach this server through DNS rebinding. " +
            "Set {Setting} to the names clients use, separated by ';' (e.g. {Setting}=kb.example.org;localhost)", Setting, Setting, Setting));
    }

    internal static HostNamePolicy Decide(IConfiguration configuration, string? urls)
    {
        // Blank entries are left out so that an unset variable in docker/docker-compose.yml configures nothing.
        var configured = (configuration[Setting] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (configured.Length > 0) return new HostNamePolicy(configured, AnyNameByDefault: false);
        return ListensOnLoopbackOnly(configuration, urls)
            ? new HostNamePolicy(LoopbackNames, AnyNameByDefault: false)
            : new HostNamePolicy(["*"], AnyNameByDefault: true);
    }

    /// <summary>
    /// True when every address Kestrel will bind (the <c>urls</c> and any <c>Kestrel:Endpoints</c>) is a loopback one.
    /// A host name other than localhost, <c>*</c>, <c>+</c> or 0.0.0.0 binds every interface, so it counts as beyond.
    /// </summary>
    private static bool ListensOnLoopbackOnly(IConfiguration configuration, string? urls)
    {
        var addresses = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .ToList();
        return addresses.Count > 0 && addresses.All(IsLoopback);
    }

    private static bool IsLoopback(string url)
    {
        BindingAddress address;
        try { address = BindingAddress.Parse(url); }
        catch (FormatException) { return false; }
        if (address.IsUnixPipe || address.IsNamedPipe) return false;
        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return System.Net.IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip);
    }
}

/// <param name="AllowedHosts">What the host filter is given.</param>
/// <param name="AnyNameByDefault">Any name is answered because nothing was configured (not because the operator said <c>*</c>).</param>
internal sealed record HostNamePolicy(IReadOnlyList<string> AllowedHosts, bool AnyNameByDefault);

/// <summary>
/// <c>AllowedHosts</c>: bare host names. A scheme or a port never matches a request's host, so such an entry would turn
/// every request away with 400 instead of naming the mistake.
/// </summary>
internal sealed class HostFilteringValidation : IValidateOptions<HostFilteringOptions>
{
    public ValidateOptionsResult Validate(string? name, HostFilteringOptions o)
    {
        var wrong = o.AllowedHosts.Where(h => h.Contains("://", StringComparison.Ordinal) || h.Contains('/') || new HostString(h).Port is not null).ToList();
        return wrong.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{HostNames.Setting} must list host names without scheme, port or path, separated by ';', such as kb.example.org;localhost (is '{string.Join(";", wrong)}')");
    }
}
