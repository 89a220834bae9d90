namespace KnowledgeBase.Storage.Embedded.Vectors;

/// <summary>Element type USearch stores vectors in (search quality against memory and build time).</summary>
public enum VectorQuantization { F32, F16, I8 }

/// <summary>Settings of the embedded vector index (section <c>KnowledgeBase:Vectors</c>).</summary>
public sealed class VectorIndexOptions
{
    public const string Section = "KnowledgeBase:Vectors";

    /// <summary>
    /// From this many vectors on, an HNSW graph answers queries; below it an exact scan does
    /// (exact costs about 7 ms per query at 100k × 384 on this hardware, HNSW about 1 ms, and exact needs no build).
    /// </summary>
    public int HnswThreshold { get; set; } = 50_000;

    /// <summary>HNSW edges per node (M).</summary>
    public int Connectivity { get; set; } = 16;

    /// <summary>Candidate list size while building (efConstruction).</summary>
    public int ExpansionAdd { get; set; } = 128;

    /// <summary>Candidate list size while searching (ef); 64 gave recall@10 0.86, 256 gave 0.99 at 100k clustered vectors.</summary>
    public int ExpansionSearch { get; set; } = 256;

    public VectorQuantization Quantization { get; set; } = VectorQuantization.F32;

    /// <summary>Threads that build the graph (0 = all cores).</summary>
    public int BuildThreads { get; set; }

    /// <summary>
    /// When a filter lets fewer vectors than this through (and the caller knows the count), an exact scan of those is
    /// both cheaper and complete, whereas a graph walk that must skip most nodes may find too few.
    /// </summary>
    public int ExactBelowAllowed { get; set; } = 5_000;
}
