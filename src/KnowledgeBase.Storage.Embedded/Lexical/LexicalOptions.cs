namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// BM25 parameters of the embedded store's lexical index (section <c>KnowledgeBase:Lexical</c>). They apply at query
/// time, so changing them needs no re-index. Field weights are baked into the stored term frequencies
/// (<see cref="LexicalDocumentAnalyzer"/>) and are not options for that reason.
/// </summary>
public sealed class LexicalOptions
{
    /// <summary>Term-frequency saturation.</summary>
    public float K1 { get; set; } = 1.2f;

    /// <summary>
    /// Length normalisation: 0 ignores passage length, 1 normalises fully. 0.9 on the dev set (grid in docs/performance.md;
    /// the surface is flat: 0.6–0.9 and k1 0.9–1.5 move nDCG@10 by under 0.009).
    /// </summary>
    public float B { get; set; } = 0.9f;

    /// <summary>
    /// Encoded postings (about 2.5 bytes each) a process keeps between searches while the index does not change, in
    /// bytes; the default 256 MiB holds about 100 million postings. 0 turns the cache off.
    /// </summary>
    public long PostingsCacheBytes { get; set; } = 256L << 20;

    /// <summary>
    /// Stop admitting new passages once none can reach the top k (<see cref="BoundedRanking"/>). The top k is the same
    /// either way; off is for measuring what the pruning saves.
    /// </summary>
    public bool Pruning { get; set; } = true;

    /// <summary>
    /// A server (the API) reads the whole postings table once after it starts, in the background, so that the file cache
    /// holds it before searches need it (<c>SqliteKnowledgeStore.PreloadLexicalIndex</c>).
    /// </summary>
    public bool PreloadOnStart { get; set; } = true;
}
