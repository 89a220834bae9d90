namespace KnowledgeBase.Storage;

/// <summary>
/// Collection statistics a store can answer cheaply, for query understanding: how many passages hold a set of analysed
/// terms together. Optional — without it, translations keep their dictionary order. Like BM25's document frequencies,
/// the counts cover the whole collection whoever asks; they only choose among dictionary renderings and never surface
/// text or counts to the caller.
/// </summary>
public interface ITermStatistics
{
    /// <summary>
    /// For each conjunction, the number of passages containing every one of its terms (analysed words of the word index);
    /// an empty conjunction counts all passages.
    /// </summary>
    IReadOnlyList<long> CountPassages(IReadOnlyList<IReadOnlyList<string>> conjunctions);
}
