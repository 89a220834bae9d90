using System.Numerics.Tensors;

namespace KnowledgeBase.Storage.Embedded.Vectors;

/// <summary>
/// Every vector in one contiguous array, scored against the query with SIMD dot products
/// (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>); vectors are unit length, so the dot product is the cosine.
/// Exact by construction, and the reference HNSW recall is measured against. Not thread-safe: the owner locks.
/// </summary>
public sealed class ExactVectorIndex(int dimension)
{
    private float[] _vectors = new float[dimension * 1024];
    private long[] _keys = new long[1024];
    private readonly Dictionary<long, int> _slots = [];

    public int Dimension { get; } = dimension;

    public int Count => _slots.Count;

    public IEnumerable<long> Keys => _keys.Take(Count);

    /// <summary>The stored vector of <paramref name="key"/>.</summary>
    public ReadOnlySpan<float> Get(long key) => _slots.TryGetValue(key, out var slot) ? _vectors.AsSpan(slot * Dimension, Dimension) : default;

    public bool Contains(long key) => _slots.ContainsKey(key);

    /// <summary>Adds or replaces the vector of <paramref name="key"/> (expected unit length).</summary>
    public void Upsert(long key, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension) throw new ArgumentException($"vector has {vector.Length} dims, index has {Dimension}", nameof(vector));
        if (!_slots.TryGetValue(key, out var slot))
        {
            slot = Count;
            if (slot == _keys.Length)
            {
                Array.Resize(ref _keys, _keys.Length * 2);
                Array.Resize(ref _vectors, _vectors.Length * 2);
            }
            _keys[slot] = key;
            _slots[key] = slot;
        }
        vector.CopyTo(_vectors.AsSpan(slot * Dimension, Dimension));
    }

    /// <summary>Removes a vector by moving the last one into its slot.</summary>
    public bool Remove(long key)
    {
        if (!_slots.Remove(key, out var slot)) return false;
        var last = Count; // already one less than before
        if (slot != last)
        {
            var moved = _keys[last];
            _keys[slot] = moved;
            _slots[moved] = slot;
            _vectors.AsSpan(last * Dimension, Dimension).CopyTo(_vectors.AsSpan(slot * Dimension, Dimension));
        }
        return true;
    }

    public void Clear() => _slots.Clear();

    /// <summary>The <paramref name="k"/> most similar vectors that <paramref name="allowed"/> accepts, best first; ties go to the smaller key.</summary>
    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, Func<long, bool>? allowed)
    {
        if (query.Length != Dimension) throw new ArgumentException($"query has {query.Length} dims, index has {Dimension}", nameof(query));
        if (k <= 0 || Count == 0) return [];
        // A min-heap of the best k so far: its root is the weakest hit and the first to go.
        var heap = new PriorityQueue<long, (float Score, long NegKey)>(k + 1);
        var vectors = _vectors.AsSpan();
        var keys = _keys;
        var threshold = float.NegativeInfinity; // the weakest kept score once k are kept
        for (var slot = 0; slot < Count; slot++)
        {
            var key = keys[slot];
            if (allowed is not null && !allowed(key)) continue;
            var score = TensorPrimitives.Dot(query, vectors.Slice(slot * Dimension, Dimension));
            if (score < threshold) continue;
            if (heap.Count < k) heap.Enqueue(key, (score, -key));
            else if (heap.TryPeek(out _, out var weakest) && (score, -key).CompareTo(weakest) > 0) heap.EnqueueDequeue(key, (score, -key));
            else continue;
            if (heap.Count == k && heap.TryPeek(out _, out var root)) threshold = root.Score;
        }
        var hits = new VectorHit[heap.Count];
        for (var i = hits.Length - 1; i >= 0; i--)
        {
            heap.TryDequeue(out var key, out var priority);
            hits[i] = new VectorHit(key, priority.Score);
        }
        return hits;
    }
}
