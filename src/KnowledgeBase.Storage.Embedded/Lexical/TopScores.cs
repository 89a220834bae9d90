namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// Picks pids from a <see cref="Bm25Accumulator"/> in ranking order: best score first, ties to the smaller pid (the
/// earlier written passage), so a ranking is deterministic.
/// </summary>
internal static class TopScores
{
    /// <summary>The best <paramref name="k"/> pids, best first (a bounded heap: O(n log k)).</summary>
    public static List<int> Best(Bm25Accumulator scores, int k)
    {
        var result = new List<int>(Math.Min(k, scores.Count));
        if (k <= 0 || scores.Count == 0) return result;
        var heap = new PriorityQueue<int, (float Score, int Pid)>(k + 1, WorstFirst.Instance);
        foreach (var pid in scores.Touched)
        {
            var entry = (scores.Score(pid), pid);
            if (heap.Count < k) heap.Enqueue(pid, entry);
            else if (WorstFirst.Instance.Compare(entry, PeekPriority(heap)) > 0) heap.EnqueueDequeue(pid, entry);
        }
        while (heap.Count > 0) result.Add(heap.Dequeue());
        result.Reverse();
        return result;
    }

    /// <summary>The <paramref name="k"/>-th best score (k ≤ <see cref="Bm25Accumulator.Count"/>), by a bounded heap.</summary>
    public static float KthBest(Bm25Accumulator scores, int k)
    {
        var heap = new PriorityQueue<float, float>(k + 1);
        foreach (var pid in scores.Touched)
        {
            var score = scores.Score(pid);
            if (heap.Count < k) heap.Enqueue(score, score);
            else if (score > heap.Peek()) heap.EnqueueDequeue(score, score);
        }
        return heap.Peek();
    }

    /// <summary>Every scored pid in ranking order (used when candidates must be checked one by one against phrases).</summary>
    public static int[] All(Bm25Accumulator scores)
    {
        var pids = scores.Touched.ToArray();
        var keys = new (float Score, int Pid)[pids.Length];
        for (var i = 0; i < pids.Length; i++) keys[i] = (scores.Score(pids[i]), pids[i]);
        Array.Sort(keys, pids, BestFirst.Instance);
        return pids;
    }

    private static (float, int) PeekPriority(PriorityQueue<int, (float, int)> heap)
    {
        heap.TryPeek(out _, out var priority);
        return priority;
    }

    /// <summary>Orders the worse entry first: lower score, or on a tie the larger pid.</summary>
    private sealed class WorstFirst : IComparer<(float Score, int Pid)>
    {
        public static readonly WorstFirst Instance = new();
        public int Compare((float Score, int Pid) x, (float Score, int Pid) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Pid.CompareTo(x.Pid);
    }

    private sealed class BestFirst : IComparer<(float Score, int Pid)>
    {
        public static readonly BestFirst Instance = new();
        public int Compare((float Score, int Pid) x, (float Score, int Pid) y) => WorstFirst.Instance.Compare(y, x);
    }
}
