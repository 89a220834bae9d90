namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// Term-at-a-time BM25: adds each term's contribution to a per-pid score array, skipping dead passages (length 0) and
/// passages the filter does not admit, so they never enter the ranking. The arrays belong to the calling thread and
/// are reset through the list of touched pids, so a search costs what its postings cost, not what the collection holds.
/// </summary>
internal sealed class Bm25Accumulator
{
    [ThreadStatic] private static Bm25Accumulator? _forThread;

    private float[] _scores = [];
    private int[] _touched = [];

    /// <summary>Number of pids with a non-zero score.</summary>
    public int Count { get; private set; }

    /// <summary>The largest score any pid holds.</summary>
    public float MaxScore { get; private set; }

    public ReadOnlySpan<int> Touched => _touched.AsSpan(0, Count);

    public float Score(int pid) => _scores[pid];

    /// <summary>The calling thread's accumulator, emptied and sized for pids below <paramref name="pidLimit"/>.</summary>
    public static Bm25Accumulator Rent(int pidLimit)
    {
        var accumulator = _forThread ??= new Bm25Accumulator();
        accumulator.Reset(pidLimit);
        return accumulator;
    }

    private void Reset(int pidLimit)
    {
        foreach (var pid in Touched) _scores[pid] = 0;
        Count = 0;
        MaxScore = 0;
        if (_scores.Length < pidLimit)
        {
            _scores = new float[pidLimit];
            _touched = new int[pidLimit];
        }
    }

    /// <summary>
    /// Adds one term: <c>weight · idf · tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen))</c> (Lucene's idf, always positive).
    /// With <paramref name="scoredOnly"/> only pids that already hold a score gain (see <see cref="BoundedRanking"/>).
    /// </summary>
    public void Add(ScoredTerm term, ushort[] lengths, ulong[]? allowed, bool scoredOnly)
    {
        if (term.Scale <= 0) return;
        var blocks = term.Postings.Blocks;
        var buffer = TermPostings.BlockBuffer.ForThread(blocks);
        var pids = buffer.Pids;
        var frequencies = buffer.Frequencies;
        var scale = term.Scale;
        var norm0 = term.Norm0;
        var norm1 = term.Norm1;
        var scores = _scores;
        var touched = _touched;
        var count = Count;
        var max = MaxScore;
        var limit = Math.Min(lengths.Length, scores.Length);
        foreach (var block in blocks)
        {
            var n = PostingsCodec.Decode(block.Data, block.FirstPid, block.Count, pids, frequencies);
            for (var i = 0; i < n; i++)
            {
                var pid = pids[i];
                if ((uint)pid >= (uint)limit) continue;
                var before = scores[pid];
                if (scoredOnly && before == 0) continue;
                var length = lengths[pid];
                if (length == 0) continue;
                if (allowed is not null && !AllowedPassages.IsAllowed(allowed, pid)) continue;
                float tf = frequencies[i];
                var after = before + scale * tf / (tf + norm0 + norm1 * length);
                if (before == 0) touched[count++] = pid;
                scores[pid] = after;
                if (after > max) max = after;
            }
        }
        Count = count;
        MaxScore = max;
    }
}

/// <summary>
/// One query term ready to score: its postings and BM25 constants, and <see cref="UpperBound"/>, the most it can add
/// to any passage: tf/(tf + norm) stays below 1 whatever tf and length are. (The list's largest tf gives a bound only
/// a few per cent tighter for common terms, whose largest tf comes from titles, and finding it costs a decode of the
/// whole list, which a cold read otherwise skips.)
/// </summary>
internal sealed class ScoredTerm
{
    public ScoredTerm(TermPostings postings, float weight, long collectionSize, double averageLength, float k1, float b)
    {
        Postings = postings;
        if (postings.LiveCount == 0 || weight <= 0) return;
        var df = postings.LiveCount;
        var idf = Math.Log(1 + (collectionSize - df + 0.5) / (df + 0.5));
        Scale = (float)(weight * idf * (k1 + 1));
        Norm0 = k1 * (1 - b);
        Norm1 = (float)(k1 * b / averageLength);
    }

    public TermPostings Postings { get; }
    public float Scale { get; }
    public float Norm0 { get; }
    public float Norm1 { get; }
    public float UpperBound => Scale;
}
