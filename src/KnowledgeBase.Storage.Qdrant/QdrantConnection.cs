using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace KnowledgeBase.Storage.Qdrant;

/// <summary>Opens the gRPC channel to Qdrant from <see cref="QdrantOptions"/> (address, TLS, API key, pinned certificate).</summary>
public static class QdrantConnection
{
    /// <summary>The channel; the caller disposes it after the clients built on it.</summary>
    public static QdrantChannel OpenChannel(QdrantOptions options)
    {
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException($"KnowledgeBase:Qdrant:Url '{options.Url}' is not an http(s) URL such as http://localhost:6334 (the gRPC port).");
        if (options.UseTls && uri.Scheme == Uri.UriSchemeHttp)
            uri = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttps, Port = uri.Port }.Uri;
        if (options.CertificateThumbprint is { Length: > 0 } && uri.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException("KnowledgeBase:Qdrant:CertificateThumbprint needs TLS: use an https:// URL or set UseTls.");
        return QdrantChannel.ForAddress(uri, new ClientConfiguration
        {
            ApiKey = string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey,
            CertificateThumbprint = string.IsNullOrEmpty(options.CertificateThumbprint) ? null : options.CertificateThumbprint,
        });
    }

    public static QdrantClient CreateClient(QdrantChannel channel, QdrantOptions options) =>
        new(new QdrantGrpcClient(channel), options.Timeout);
}
