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
        if (_scores.Length < pidLimit)
        {
            _scores = new float[pidLimit];
            _touched = new int[pidLimit];
        }
    }

    /// <summary>Adds one term: <c>weight · idf · tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen))</c> (Lucene's idf, always positive).</summary>
    public void Add(TermPostings postings, float weight, long collectionSize, ushort[] lengths, double averageLength, float k1, float b, ulong[]? allowed)
    {
        if (postings.LiveCount == 0 || weight <= 0) return;
        var df = postings.LiveCount;
        var idf = Math.Log(1 + (collectionSize - df + 0.5) / (df + 0.5));
        var scale = (float)(weight * idf * (k1 + 1));
        var norm0 = k1 * (1 - b);
        var norm1 = (float)(k1 * b / averageLength);
        var pids = postings.Pids;
        var frequencies = postings.Frequencies;
        var scores = _scores;
        var touched = _touched;
        var count = Count;
        var limit = Math.Min(lengths.Length, scores.Length);
        for (var i = 0; i < postings.Count; i++)
        {
            var pid = pids[i];
            if ((uint)pid >= (uint)limit) continue;
            var length = lengths[pid];
            if (length == 0) continue;
            if (allowed is not null && !AllowedPassages.IsAllowed(allowed, pid)) continue;
            float tf = frequencies[i];
            var score = scale * tf / (tf + norm0 + norm1 * length);
            if (scores[pid] == 0) touched[count++] = pid;
            scores[pid] += score;
        }
        Count = count;
    }
}
