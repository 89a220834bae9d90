using System.IO.Compression;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// Checks a zip package (DOCX, XLSX, PPTX, OFD) before anything is inflated: too many entries, a total uncompressed
/// size beyond reason, or an entry that claims to inflate by an absurd ratio is refused as unsafe. Declared sizes can
/// lie; the parsers also cap how many characters they read from any part (see <see cref="DocxDocumentParser"/>,
/// <see cref="OfdPackage"/>).
/// </summary>
public static class ZipBombGuard
{
    /// <summary>Largest total uncompressed size accepted (1 GiB).</summary>
    public const long MaxTotalUncompressedBytes = 1L << 30;

    /// <summary>Largest number of entries accepted.</summary>
    public const int MaxEntries = 10_000;

    /// <summary>Entries above this size must not inflate by more than <see cref="MaxRatio"/>.</summary>
    public const long RatioCheckFloorBytes = 10L << 20;

    /// <summary>XML compresses 10–20×; 200× and more is a bomb.</summary>
    public const double MaxRatio = 200;

    /// <summary>
    /// Throws <see cref="UnreadableDocumentException"/> (<see cref="FailureKind.Unsafe"/>) for a zip bomb,
    /// (<see cref="FailureKind.Corrupt"/>) for a broken zip; <paramref name="format"/> names the format in the reason.
    /// </summary>
    public static void Check(Stream package, string format)
    {
        try
        {
            using var zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxEntries)
                throw new UnreadableDocumentException(FailureKind.Unsafe, $"refused: zip package has {zip.Entries.Count} entries (limit {MaxEntries}) — possible zip bomb");
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (entry.Length > RatioCheckFloorBytes && entry.Length > entry.CompressedLength * MaxRatio)
                    throw new UnreadableDocumentException(FailureKind.Unsafe,
                        $"refused: zip entry {entry.FullName} inflates {entry.CompressedLength:N0} → {entry.Length:N0} bytes — zip bomb");
                if (total > MaxTotalUncompressedBytes)
                    throw new UnreadableDocumentException(FailureKind.Unsafe, $"refused: zip package inflates to more than {MaxTotalUncompressedBytes >> 20} MiB — zip bomb");
            }
        }
        catch (InvalidDataException e)
        {
            throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt {format}: not a readable zip package ({e.Message})", e);
        }
        finally
        {
            package.Position = 0;
        }
    }
}
