using Qdrant.Client;

namespace KnowledgeBase.Storage.Qdrant;

/// <summary>
/// How many passages hold a set of analysed words together, counted by Qdrant on the passages' keyword-indexed
/// <see cref="QdrantPayload.WordTerms"/> — the same terms and the same counts as the embedded store's word postings, so
/// translation selection chooses the same renderings on both stores. Like the embedded counts (and BM25's document
/// frequencies) they cover the whole collection whoever asks; they only choose among dictionary renderings.
/// </summary>
public sealed class QdrantTermStatistics(QdrantKnowledgeStore store, QdrantClient client) : ITermStatistics
{
    /// <summary>Count requests in flight at once for one call (Qdrant has no batch count).</summary>
    private const int Parallelism = 8;

    /// <summary>
    /// Blocks on <see cref="CountPassagesAsync"/>: query analysis, which calls this, is synchronous. It runs on the thread
    /// pool, away from any synchronisation context the caller holds, and each call is bounded by the gRPC deadline
    /// (<see cref="QdrantOptions.Timeout"/>).
    /// </summary>
    public IReadOnlyList<long> CountPassages(IReadOnlyList<IReadOnlyList<string>> conjunctions) =>
        Task.Run(() => CountPassagesAsync(conjunctions)).GetAwaiter().GetResult();

    /// <summary>One exact count per distinct conjunction (a pair of renderings often repeats), at most <see cref="Parallelism"/> at a time.</summary>
    public async Task<long[]> CountPassagesAsync(IReadOnlyList<IReadOnlyList<string>> conjunctions, CancellationToken cancellationToken = default)
    {
        var counts = new long[conjunctions.Count];
        if (conjunctions.Count == 0) return counts;
        await store.EnsureCollectionAsync(cancellationToken);
        store.ThrowIfAnalysisChanged();

        var keys = conjunctions.Select(c => string.Join('\u001F', c.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))).ToArray();
        var distinct = keys.Select((key, i) => (key, i)).DistinctBy(k => k.key, StringComparer.Ordinal).ToList();
        var byKey = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(distinct, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (k, ct) =>
            byKey[k.key] = (long)await client.CountAsync(store.Collection, QdrantFilters.PassagesWithAllWords(conjunctions[k.i]), exact: true, cancellationToken: ct));
        for (var i = 0; i < keys.Length; i++) counts[i] = byKey[keys[i]];
        return counts;
    }
}
