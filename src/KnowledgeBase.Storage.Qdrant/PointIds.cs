using System.Security.Cryptography;
using System.Text;

namespace KnowledgeBase.Storage.Qdrant;

/// <summary>
/// Deterministic point ids: RFC 4122 version-5 (SHA-1, name-based) UUIDs of the passage, page or document id,
/// so writing the same passage again overwrites its point instead of adding a second one.
/// </summary>
public static class PointIds
{
    /// <summary>The namespace of every KnowledgeBase point id (a fixed random UUID; changing it re-keys every collection).</summary>
    private static readonly Guid Namespace = new("5b0d7a52-3c1e-4f0e-9a53-2f6d3c8e41a7");

    public static Guid Passage(string passageId) => NameBased("passage:" + passageId);

    public static Guid Page(string documentId, int number) => NameBased($"page:{documentId}:{number}");

    public static Guid Document(string documentId) => NameBased("document:" + documentId);

    public static Guid NameBased(string name)
    {
        var ns = Namespace.ToByteArray(bigEndian: true);
        var input = new byte[ns.Length + Encoding.UTF8.GetByteCount(name)];
        ns.CopyTo(input, 0);
        Encoding.UTF8.GetBytes(name, input.AsSpan(ns.Length));
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
