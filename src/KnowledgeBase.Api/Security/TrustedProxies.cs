using System.Net;
using KnowledgeBase.Hosting.Configuration;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// Puts the client address and scheme that a known reverse proxy forwards (<c>X-Forwarded-For</c>,
/// <c>X-Forwarded-Proto</c>) on the connection, with ASP.NET Core's forwarded-headers middleware, so the failed
/// sign-in limit and the per-address request limit count each client rather than the proxy they all come through.
/// Only peers listed in <see cref="ProxyOptions"/> are believed; with none listed the headers are ignored.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ProxyOptions>(configuration.GetSection(ProxyOptions.Section));
        services.AddSettingsValidation<ProxyOptions, ProxyOptionsValidation>();
        services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<ProxyOptions>>((forwarded, proxies) => Apply(proxies.Value, forwarded));
        return services;
    }

    /// <summary>Runs first, so that everything after it (the limits, sign-in, the session cookie's Secure flag) sees the client.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app) => app.UseForwardedHeaders();

    private static void Apply(ProxyOptions proxies, ForwardedHeadersOptions forwarded)
    {
        // ASP.NET Core believes the loopback by default, and ASPNETCORE_FORWARDEDHEADERS_ENABLED believes every peer;
        // either would let a client on the same machine, or anyone, choose the address its failures count against.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        if (!proxies.IsConfigured)
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.None;
            return;
        }
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.ForwardLimit = proxies.ForwardLimit;
        foreach (var proxy in proxies.Proxies()) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in proxies.Networks()) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }
}
