using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static KnowledgeBase.Storage.Embedded.Vectors.UsearchNative;

namespace KnowledgeBase.Storage.Embedded.Vectors;

/// <summary>
/// An approximate nearest-neighbour graph (HNSW, USearch) over unit vectors, compared by inner product.
/// Filtering happens inside the graph walk (<c>usearch_filtered_search</c>): nodes the filter rejects are
/// passed over while the walk continues, so a hit list never contains a vector the caller may not see and
/// never comes up short merely because forbidden vectors were closer.
/// Adds may run on several threads; reserve, remove, save and search are called under the owner's lock.
/// </summary>
public sealed unsafe class HnswVectorIndex : IDisposable
{
    private IntPtr _index;

    public HnswVectorIndex(int dimension, VectorIndexOptions options)
    {
        Dimension = dimension;
        var init = new InitOptions
        {
            MetricKind = MetricKind.Ip,
            Quantization = options.Quantization switch { VectorQuantization.F16 => ScalarKind.F16, VectorQuantization.I8 => ScalarKind.I8, _ => ScalarKind.F32 },
            Dimensions = (nuint)dimension,
            Connectivity = (nuint)Math.Max(2, options.Connectivity),
            ExpansionAdd = (nuint)Math.Max(1, options.ExpansionAdd),
            ExpansionSearch = (nuint)Math.Max(1, options.ExpansionSearch),
        };
        _index = usearch_init(ref init, out var error);
        Check(error, "init");
        ExpansionSearch = options.ExpansionSearch;
        var threads = options.BuildThreads > 0 ? options.BuildThreads : Environment.ProcessorCount;
        usearch_change_threads_add(_index, (nuint)threads, out error);
        Check(error, "change_threads_add");
        usearch_change_threads_search(_index, (nuint)Environment.ProcessorCount, out error);
        Check(error, "change_threads_search");
        BuildThreads = threads;
    }

    public int Dimension { get; }

    public int BuildThreads { get; }

    /// <summary>Vectors in the graph (removed ones excluded).</summary>
    public long Count
    {
        get
        {
            var size = usearch_size(_index, out var error);
            Check(error, "size");
            return (long)size;
        }
    }

    /// <summary>The ef used by searches. USearch does not save it with the index, so it is set again after every load.</summary>
    public int ExpansionSearch
    {
        get;
        set
        {
            usearch_change_expansion_search(_index, (nuint)Math.Max(1, value), out var error);
            Check(error, "change_expansion_search");
            field = value;
        }
    }

    /// <summary>Makes room for <paramref name="additional"/> more vectors; must not run concurrently with adds.</summary>
    public void Reserve(long additional)
    {
        var capacity = (long)usearch_capacity(_index, out var error);
        Check(error, "capacity");
        var needed = Count + additional;
        if (needed <= capacity) return;
        usearch_reserve(_index, (nuint)Math.Max(needed, capacity * 2), out error);
        Check(error, "reserve");
    }

    /// <summary>Adds one vector (call <see cref="Reserve"/> first). Safe to call from up to <see cref="BuildThreads"/> threads at once.</summary>
    public void Add(long key, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension) throw new ArgumentException($"vector has {vector.Length} dims, index has {Dimension}", nameof(vector));
        fixed (float* v = vector)
        {
            usearch_add(_index, (ulong)key, v, ScalarKind.F32, out var error);
            Check(error, "add");
        }
    }

    public void Remove(long key)
    {
        usearch_remove(_index, (ulong)key, out var error);
        Check(error, "remove");
    }

    /// <summary>The <paramref name="k"/> nearest vectors that <paramref name="allowed"/> accepts, best first.</summary>
    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, Func<long, bool>? allowed)
    {
        if (query.Length != Dimension) throw new ArgumentException($"query has {query.Length} dims, index has {Dimension}", nameof(query));
        if (k <= 0) return [];
        var keys = new ulong[k];
        var distances = new float[k];
        nuint found;
        IntPtr error;
        fixed (float* q = query)
        fixed (ulong* keyPtr = keys)
        fixed (float* distancePtr = distances)
        {
            if (allowed is null)
            {
                found = usearch_search(_index, q, ScalarKind.F32, (nuint)k, keyPtr, distancePtr, out error);
            }
            else
            {
                var state = GCHandle.Alloc(allowed);
                try
                {
                    found = usearch_filtered_search(_index, q, ScalarKind.F32, (nuint)k, &Accepts, GCHandle.ToIntPtr(state), keyPtr, distancePtr, out error);
                }
                finally
                {
                    state.Free();
                }
            }
        }
        Check(error, "search");
        var hits = new VectorHit[(int)found];
        // Inner-product distance is 1 - dot, so similarity is 1 - distance.
        for (var i = 0; i < hits.Length; i++) hits[i] = new VectorHit((long)keys[i], 1f - distances[i]);
        return hits;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Accepts(ulong key, IntPtr state)
    {
        try
        {
            var allowed = (Func<long, bool>)GCHandle.FromIntPtr(state).Target!;
            return allowed((long)key) ? 1 : 0;
        }
        catch
        {
            // An exception must not unwind through native frames; a failing filter admits nothing.
            return 0;
        }
    }

    public void Save(string path)
    {
        usearch_save(_index, path, out var error);
        Check(error, "save");
    }

    /// <summary>Replaces the contents with a saved index (same dimension and settings), then restores ef.</summary>
    public void Load(string path)
    {
        usearch_load(_index, path, out var error);
        Check(error, "load");
        ExpansionSearch = ExpansionSearch;
    }

    public void Dispose()
    {
        if (_index == IntPtr.Zero) return;
        usearch_free(_index, out _);
        _index = IntPtr.Zero;
    }
}
