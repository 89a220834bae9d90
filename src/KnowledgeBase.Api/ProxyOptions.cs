namespace KnowledgeBase.Api;

/// <summary>
/// Reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the API believes (section
/// <c>KnowledgeBase:Proxy</c>). Empty by default: a server reached directly must not let a client name its own address,
/// or it could pick a fresh one for every guess at a key.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "KnowledgeBase:Proxy";

    /// <summary>Addresses of the proxies in front of the API, such as <c>10.0.0.5</c> or <c>::1</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies connect from, in CIDR notation, such as <c>10.0.0.0/24</c> (a Kubernetes ingress's pod network).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// How many proxies, counted back from the API, may each name the address before them (default 1: one proxy). Every hop
    /// taken must itself be a known proxy, so a larger limit only helps chains of known proxies (a CDN before nginx).
    /// </summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>The proxies listed; a blank entry (an unset variable in docker/docker-compose.yml) lists none.</summary>
    public IEnumerable<string> Proxies() => KnownProxies.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim());

    /// <summary>The networks listed, blank entries left out as in <see cref="Proxies"/>.</summary>
    public IEnumerable<string> Networks() => KnownNetworks.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim());

    public bool IsConfigured => Proxies().Any() || Networks().Any();
}
