using System.Net;
using System.Net.Sockets;

namespace KnowledgeBase.Api.Security;

/// <summary>
/// The address a client's failed sign-ins and anonymous requests are counted against. It is the connection's remote
/// address, which <see cref="TrustedProxies"/> has already replaced by the forwarded one when a known proxy sent the request.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context) => Of(context.Connection.RemoteIpAddress);

    /// <summary>IPv4 as is, IPv6 by its /64 network, which one host can fill with addresses.</summary>
    public static string Of(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
