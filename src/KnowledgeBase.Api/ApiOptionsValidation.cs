using KnowledgeBase.Hosting.Configuration;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api;

/// <summary><c>KnowledgeBase:Api</c>: limits and sessions.</summary>
internal sealed class ApiOptionsValidation : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions o) => new SettingChecks(ApiOptions.Section)
        .Positive(o.MaxUploadBytes, nameof(o.MaxUploadBytes))
        .Positive(o.RequestsPerMinute, nameof(o.RequestsPerMinute))
        .Positive(o.UploadsPerMinute, nameof(o.UploadsPerMinute))
        .Positive(o.FailedSignInsPerMinute, nameof(o.FailedSignInsPerMinute))
        .Positive(o.SessionLifetime, nameof(o.SessionLifetime))
        .Result;
}

/// <summary><c>KnowledgeBase:Chat</c>: the optional chat model behind <c>/api/ask</c>.</summary>
internal sealed class ChatOptionsValidation : IValidateOptions<ChatOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatOptions o) => new SettingChecks(ChatOptions.Section)
        .HttpUrl(o.Endpoint, nameof(o.Endpoint), optional: true)
        .That(!o.IsConfigured || !string.IsNullOrWhiteSpace(o.Model), nameof(o.Model), "must be set when Endpoint is", o.Model)
        .Positive(o.Timeout, nameof(o.Timeout))
        .Result;
}

/// <summary><c>KnowledgeBase:Jwt</c>: optional bearer sign-in.</summary>
internal sealed class JwtOptionsValidation : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions o) => new SettingChecks(JwtOptions.Section)
        .HttpUrl(o.Authority, nameof(o.Authority), optional: true)
        .Required(o.RoleClaim, nameof(o.RoleClaim))
        .Required(o.OrganisationClaim, nameof(o.OrganisationClaim))
        .Result;
}

/// <summary><c>KnowledgeBase:Proxy</c>: the reverse proxies whose forwarded client address is believed.</summary>
internal sealed class ProxyOptionsValidation : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions o)
    {
        var checks = new SettingChecks(ProxyOptions.Section).Positive(o.ForwardLimit, nameof(o.ForwardLimit));
        for (var i = 0; i < o.KnownProxies.Count; i++)
        {
            var entry = o.KnownProxies[i];
            checks.That(string.IsNullOrWhiteSpace(entry) || System.Net.IPAddress.TryParse(entry.Trim(), out _),
                $"{nameof(o.KnownProxies)}:{i}", "must be an IP address such as 10.0.0.5", entry);
        }
        for (var i = 0; i < o.KnownNetworks.Count; i++)
        {
            var entry = o.KnownNetworks[i];
            if (string.IsNullOrWhiteSpace(entry)) continue;
            var parsed = System.Net.IPNetwork.TryParse(entry.Trim(), out var network);
            checks.That(parsed, $"{nameof(o.KnownNetworks)}:{i}", "must be a network in CIDR notation such as 10.0.0.0/24", entry);
            // A /0 would let every client name its own address, which is what the setting exists to prevent.
            checks.That(!parsed || network.PrefixLength > 0, $"{nameof(o.KnownNetworks)}:{i}", "must not take in every address", entry);
        }
        return checks.Result;
    }
}
