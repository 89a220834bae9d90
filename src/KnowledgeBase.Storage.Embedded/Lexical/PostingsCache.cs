using System.Collections.Concurrent;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// Postings lists kept in this process between searches (as their encoded blocks), valid for one (epoch, generation)
/// of the index: any write bumps the generation and empties the cache, so a search never sees postings older than its
/// snapshot. Bounded by the encoded bytes it holds; when full it starts over. Reading a term from SQLite costs tens of
/// microseconds even when the page is cached; from here it costs nothing, which is what makes repeated and common
/// terms cheap.
/// </summary>
internal sealed class PostingsCache(long maxBytes)
{
    private readonly ConcurrentDictionary<(LexicalField, string), TermPostings> _terms = new();
    private readonly Lock _lock = new();
    private (string Epoch, long Generation) _validFor;
    private long _bytes;

    public bool TryGet(LengthsView view, LexicalField field, string term, out TermPostings postings)
    {
        postings = null!;
        return _validFor == (view.Epoch, view.Generation) && _terms.TryGetValue((field, term), out postings!);
    }

    public void Add(LengthsView view, LexicalField field, string term, TermPostings postings)
    {
        if (postings.EncodedBytes > maxBytes) return;
        lock (_lock)
        {
            if (_validFor != (view.Epoch, view.Generation))
            {
                // Only a search at the newest generation may reset the cache; an older snapshot just does not store.
                if (_validFor.Epoch == view.Epoch && _validFor.Generation > view.Generation) return;
                _terms.Clear();
                _bytes = 0;
                _validFor = (view.Epoch, view.Generation);
            }
            if (_bytes + postings.EncodedBytes > maxBytes)
            {
                _terms.Clear();
                _bytes = 0;
            }
            if (_terms.TryAdd((field, term), postings)) _bytes += postings.EncodedBytes;
        }
    }
}
