namespace KnowledgeBase.Configuration;

/// <summary>Ingest limits and passage sizes (section <c>KnowledgeBase:Ingest</c>).</summary>
public sealed class IngestOptions
{
    /// <summary>Files larger than this are refused with a reason (default 200 MiB).</summary>
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>A file whose parsing takes longer is abandoned with a reason.</summary>
    public TimeSpan ParseTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The LibreOffice executable (soffice) that converts .doc, .wps, .rtf and .odt; empty: found on PATH or in the usual
    /// install folders. Without it those files fail with a reason naming the package to install.
    /// </summary>
    public string? LibreOfficePath { get; set; }

    /// <summary>A LibreOffice conversion that takes longer is stopped (its process tree killed) and the file fails with a reason.</summary>
    public TimeSpan ConversionTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest number of pages read from one PDF or OFD.</summary>
    public int MaxPages { get; set; } = 5000;

    /// <summary>Passage length the chunker aims for, in characters (a Han character counts one).</summary>
    public int TargetPassageChars { get; set; } = 450;

    /// <summary>A passage is closed before it would exceed this length, unless one sentence alone is longer.</summary>
    public int MaxPassageChars { get; set; } = 600;

    /// <summary>How much trailing text of a passage (whole sentences) is repeated at the start of the next.</summary>
    public int OverlapChars { get; set; } = 80;

    /// <summary>A single sentence longer than this is split at clause marks (，、, ; : or spaces).</summary>
    public int HardMaxPassageChars { get; set; } = 1200;
}
