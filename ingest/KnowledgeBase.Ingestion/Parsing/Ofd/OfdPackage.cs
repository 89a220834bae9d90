using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// The zip container of an OFD file: checked for zip bombs before anything is inflated, parts found by the paths the
/// XML gives (absolute from the package root, or relative to the part that names them), each part read with a size cap
/// and parsed with DTDs prohibited and no resolver, so neither entity expansion nor external entities can reach
/// anything. Element names are matched by local name everywhere (see <see cref="OfdXml"/>): producers use the 2016
/// namespace, an older one, or none.
/// </summary>
public sealed class OfdPackage : IDisposable
{
    /// <summary>Largest XML part read, in bytes (a page's Content.xml is kilobytes; a resource file a few megabytes).</summary>
    public const long MaxPartBytes = 64L << 20;

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;

    public OfdPackage(Stream content)
    {
        ZipBombGuard.Check(content, "OFD");
        try
        {
            _zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt OFD: not a readable zip package ({e.Message})", e);
        }
        _entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in _zip.Entries) _entries.TryAdd(Normalize(entry.FullName), entry);
    }

    /// <summary>Whether the package holds <paramref name="path"/> (a normalised path from <see cref="Resolve"/>).</summary>
    public bool Contains(string path) => _entries.ContainsKey(path);

    /// <summary>
    /// The package path that <paramref name="location"/> names when written in the part at <paramref name="referrer"/>:
    /// "/Doc_0/Document.xml" is absolute; "Pages/Page_0/Content.xml" is relative to the referrer's folder.
    /// ".." cannot climb above the root.
    /// </summary>
    public static string Resolve(string referrer, string location)
    {
        var loc = location.Trim().Replace('\\', '/');
        if (loc.StartsWith('/')) return Normalize(loc);
        var slash = referrer.LastIndexOf('/');
        return Normalize(slash < 0 ? loc : referrer[..(slash + 1)] + loc);
    }

    /// <summary>Loads the XML part at <paramref name="path"/>; null when the package has no such part.</summary>
    public XElement? Load(string path)
    {
        if (!_entries.TryGetValue(path, out var entry)) return null;
        if (entry.Length > MaxPartBytes)
            throw new UnreadableDocumentException(FailureKind.Unsafe, $"refused: OFD part {path} inflates to {entry.Length:N0} bytes (limit {MaxPartBytes >> 20} MiB)");
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            // Declared sizes can lie; the reader stops by itself past the cap (UTF-8 needs at least one byte per character).
            MaxCharactersInDocument = MaxPartBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var stream = entry.Open();
            using var reader = XmlReader.Create(stream, settings);
            return XDocument.Load(reader).Root;
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnreadableDocumentException(FailureKind.Unsafe, $"refused: OFD part {path} declares a DTD (possible entity expansion or external entity attack)", e);
        }
        catch (XmlException e)
        {
            throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt OFD: {path} is not well-formed XML ({e.Message})", e);
        }
        catch (InvalidDataException e)
        {
            throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt OFD: {path} cannot be inflated ({e.Message})", e);
        }
    }

    /// <summary>Loads a part that must exist.</summary>
    public XElement LoadRequired(string path, string what) =>
        Load(path) ?? throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt OFD: {what} ({path}) is missing from the package");

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    public void Dispose() => _zip.Dispose();
}
