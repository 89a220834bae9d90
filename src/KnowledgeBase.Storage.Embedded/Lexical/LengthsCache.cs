using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>What one search reads of the collection: per-pid lengths per field group and the BM25 collection statistics.</summary>
internal sealed record LengthsView(string Epoch, long Generation, long Live, ushort[] Words, ushort[] Bigrams, double AverageWords, double AverageBigrams)
{
    /// <summary>Whether some stored posting may belong to a dead passage (false after a compaction or with no deletes).</summary>
    public bool MayHoldDead { get; init; } = true;

    public ushort[] Lengths(LexicalField field) => field == LexicalField.Words ? Words : Bigrams;
    public double AverageLength(LexicalField field) => field == LexicalField.Words ? AverageWords : AverageBigrams;
    /// <summary>One past the largest pid the arrays cover.</summary>
    public int PidLimit => Words.Length;
}

/// <summary>
/// This process's copy of <c>lex_lengths</c> and <c>lex_state</c>, refreshed on each search from the search's own read
/// transaction: only chunks written after the cached generation are read again, so a reader in another process sees
/// new writes at the cost of what changed. A different epoch (the index was rebuilt or the file replaced) reloads all.
/// </summary>
internal sealed class LengthsCache
{
    private readonly Lock _lock = new();
    private LengthsView? _view;

    /// <summary>The lengths as of the reader's snapshot (or newer, if another search already refreshed further).</summary>
    public LengthsView Current(SqliteConnection connection, out long snapshotGeneration)
    {
        var state = LexicalState.Read(connection, null)
                    ?? throw new InvalidOperationException("The lexical index has not been built.");
        snapshotGeneration = state.Generation;
        lock (_lock)
        {
            var view = _view;
            if (view is not null && view.Epoch == state.Epoch && view.Generation >= state.Generation) return view;
            var reload = view is null || view.Epoch != state.Epoch;
            var since = reload ? -1 : view!.Generation;
            var words = reload ? [] : view!.Words;
            var bigrams = reload ? [] : view!.Bigrams;
            var needed = (int)(((state.NextPid + PassageLengths.ChunkSize - 1) >> PassageLengths.ChunkShift) << PassageLengths.ChunkShift);
            if (words.Length < needed)
            {
                // Copies instead of growing in place: a search still holding the old view keeps consistent arrays.
                Array.Resize(ref words, needed);
                Array.Resize(ref bigrams, needed);
            }
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT chunk, data FROM lex_lengths WHERE gen > $since";
                command.Parameters.AddWithValue("$since", since);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var offset = (int)(reader.GetInt64(0) << PassageLengths.ChunkShift);
                    var data = (byte[])reader.GetValue(1);
                    if (offset + PassageLengths.ChunkSize > words.Length)
                    {
                        Array.Resize(ref words, offset + PassageLengths.ChunkSize);
                        Array.Resize(ref bigrams, offset + PassageLengths.ChunkSize);
                    }
                    PassageLengths.FieldSpan(data, LexicalField.Words).CopyTo(words.AsSpan(offset));
                    PassageLengths.FieldSpan(data, LexicalField.Bigrams).CopyTo(bigrams.AsSpan(offset));
                }
            }
            var live = Math.Max(state.Live, 1);
            _view = new LengthsView(state.Epoch, state.Generation, state.Live, words, bigrams,
                Math.Max(1.0, (double)state.WordsLength / live), Math.Max(1.0, (double)state.BigramsLength / live)) { MayHoldDead = state.Dead > 0 };
            return _view;
        }
    }
}
