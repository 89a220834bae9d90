using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// Changes the lexical index inside the caller's write transaction: marks a document's passages dead, indexes new
/// passages under fresh pids, and on <see cref="Commit"/> writes their postings, lengths and statistics and bumps the
/// generation. Postings wait for <see cref="Commit"/> so that a transaction adding many documents appends once per term
/// (rewriting the term's last block once) instead of once per document per term.
/// A document's passages get consecutive pids, recorded as <c>documents.pid_start</c>/<c>pid_end</c>, so the access
/// filter can admit passages by document ranges.
/// </summary>
internal sealed class LexicalWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly LexicalState _state;
    private readonly PassageLengthsEditor _lengths;
    private readonly PostingsWriter _postings;
    private readonly Dictionary<string, PendingPostings>[] _pending = [new(StringComparer.Ordinal), new(StringComparer.Ordinal)];

    public LexicalWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
        _state = LexicalState.Read(connection, transaction)
                 ?? throw new InvalidOperationException("The lexical index has not been built; open the store through SqliteKnowledgeStore, which migrates it.");
        _lengths = new PassageLengthsEditor(connection, transaction);
        _postings = new PostingsWriter(connection, transaction);
    }

    /// <summary>The next pid the next added passage will get.</summary>
    public long NextPid => _state.NextPid;

    /// <summary>Marks the passages of a pid range dead: their lengths become 0, so no stored posting of theirs can score.</summary>
    public void Remove(long start, long end)
    {
        for (var pid = start; pid < end; pid++)
        {
            var wasLive = false;
            foreach (var field in Fields)
            {
                var length = _lengths.Get(pid, field);
                if (length == 0) continue;
                wasLive = true;
                _state.AddLength(field, -length);
                _lengths.Set(pid, field, 0);
            }
            if (!wasLive) continue;
            _state.Live--;
            _state.Dead++;
        }
    }

    /// <summary>
    /// Indexes passages under consecutive new pids and returns the first; the caller stores them with these pids.
    /// <paramref name="firstPid"/> places them at given pids instead (re-indexing existing rows); it must not be below <see cref="NextPid"/>.
    /// </summary>
    public long Add(IReadOnlyList<AnalyzedPassage> passages, long? firstPid = null)
    {
        if (firstPid < _state.NextPid) throw new ArgumentOutOfRangeException(nameof(firstPid), "pids only grow");
        var first = firstPid ?? _state.NextPid;
        var live = 0;
        for (var i = 0; i < passages.Count; i++)
        {
            var pid = first + i;
            var any = false;
            foreach (var field in Fields)
            {
                var length = passages[i].Length(field);
                if (length == 0) continue;
                any = true;
                _lengths.Set(pid, field, PassageLengths.Clamp(length));
                _state.AddLength(field, PassageLengths.Clamp(length));
            }
            if (any) live++;
        }
        _state.Live += live;
        _state.NextPid = first + passages.Count;
        foreach (var field in Fields) Invert(field, passages, first);
        return first;
    }

    /// <summary>Adds the passages' postings to the pending lists (term → postings in pid order; pids only grow).</summary>
    private void Invert(LexicalField field, IReadOnlyList<AnalyzedPassage> passages, long first)
    {
        var pending = _pending[(int)field];
        for (var i = 0; i < passages.Count; i++)
        {
            foreach (var (term, frequency) in passages[i].Terms(field))
            {
                if (!pending.TryGetValue(term, out var list)) pending[term] = list = new PendingPostings();
                list.Pids.Add((int)(first + i));
                list.Frequencies.Add(frequency);
            }
        }
    }

    private void AppendPending()
    {
        foreach (var field in Fields)
        {
            foreach (var (term, list) in _pending[(int)field])
                _postings.Append(field, term, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list.Pids),
                    System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list.Frequencies), pid => _lengths.Get(pid, field) > 0);
            _pending[(int)field].Clear();
        }
    }

    /// <summary>Makes every pid below <paramref name="pid"/> used, so new passages get pids above it.</summary>
    public void ReserveBelow(long pid) => _state.NextPid = Math.Max(_state.NextPid, pid);

    /// <summary>Writes postings, lengths and statistics and bumps the generation; call once, before the transaction commits.</summary>
    public void Commit()
    {
        AppendPending();
        _state.Generation++;
        _lengths.Flush(_state.Generation);
        _state.Write(_connection, _transaction);
    }

    /// <summary>Whether enough passages died since the last compaction that purging their postings pays.</summary>
    public bool NeedsCompaction => _state.Dead >= 1000 && _state.Dead > _state.Live / 4;

    public void Dispose() => _postings.Dispose();

    internal static readonly LexicalField[] Fields = [LexicalField.Words, LexicalField.Bigrams];

    private sealed class PendingPostings
    {
        public readonly List<int> Pids = [];
        public readonly List<int> Frequencies = [];
    }
}
