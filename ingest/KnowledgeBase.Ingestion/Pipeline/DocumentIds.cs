using System.Security.Cryptography;
using System.Text;

namespace KnowledgeBase.Ingestion.Pipeline;

/// <summary>Deterministic document ids, so the same source maps to the same id in every store and on every run.</summary>
public static class DocumentIds
{
    public static string ForSource(string source) =>
        "d" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..15];

    /// <summary>A fresh id for uploads, which have no stable path.</summary>
    public static string New() => "u" + Guid.NewGuid().ToString("N")[..15];
}
