using System.Text;
using KnowledgeBase.Text;

namespace KnowledgeBase.Storage.Qdrant;

/// <summary>
/// Turns analysed terms into the sparse vectors Qdrant scores with <c>Modifier.Idf</c>.
/// <para>
/// Term → index: FNV-1a 32-bit over the term's UTF-8 bytes. A hash needs no shared vocabulary, so any number of
/// workers index in parallel and the query side computes the same index without a lookup; the price is that two
/// different terms may share an index (with ~10⁶ distinct terms the chance that a given term collides with some
/// other is about 0.02 %), which merges their counts and IDF. The function is part of the collection's schema:
/// changing it means re-indexing (<see cref="QdrantCollectionSchema.Version"/>).
/// </para>
/// <para>
/// Document side: BM25F-style — each term's count is weighted by field (the same title/heading/body weights as the
/// embedded store's word index), then saturated with BM25's k1 so a repeated word does not dominate. There is no
/// length normalisation: the chunker bounds passage length, and an average length would need collection-wide
/// statistics that parallel workers do not share. Qdrant multiplies in the IDF at query time.
/// </para>
/// </summary>
public static class SparseTerms
{
    /// <summary>BM25's term-frequency saturation constant.</summary>
    public const float K1 = 1.2f;

    public static uint Index(string term)
    {
        const uint offset = 2166136261, prime = 16777619;
        var hash = offset;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(term) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(term, buffer)] : Encoding.UTF8.GetBytes(term);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= prime;
        }
        return hash;
    }

    /// <summary>A document-side vector from (terms, field weight) groups; null when no term is left.</summary>
    public static (float[] Values, uint[] Indices)? Document(params (IEnumerable<Term> Terms, float Weight)[] fields)
    {
        var counts = new Dictionary<uint, float>();
        foreach (var (terms, weight) in fields)
            foreach (var term in terms)
                counts[Index(term.Text)] = counts.GetValueOrDefault(Index(term.Text)) + weight;
        if (counts.Count == 0) return null;
        var indices = counts.Keys.Order().ToArray();
        var values = indices.Select(i => counts[i] * (K1 + 1) / (counts[i] + K1)).ToArray();
        return (values, indices);
    }

    /// <summary>
    /// A query-side vector: each distinct term once, valued by its query weight (1 when <paramref name="weights"/> does
    /// not list it); Qdrant applies the IDF. Terms that hash to one index keep the larger weight.
    /// </summary>
    public static (float[] Values, uint[] Indices)? Query(IEnumerable<string> terms, IReadOnlyDictionary<string, float>? weights = null)
    {
        var byIndex = new Dictionary<uint, float>();
        foreach (var term in terms)
        {
            var weight = weights is not null && weights.TryGetValue(term, out var w) ? w : 1f;
            if (weight <= 0) continue;
            var index = Index(term);
            byIndex[index] = Math.Max(byIndex.GetValueOrDefault(index), weight);
        }
        if (byIndex.Count == 0) return null;
        var indices = byIndex.Keys.Order().ToArray();
        return (indices.Select(i => byIndex[i]).ToArray(), indices);
    }
}
