using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Lexical;

/// <summary>
/// Reads postings blocks with one prepared statement, through a <see cref="PostingsCache"/> when given one; lists read
/// are kept for the life of the reader, so a term shared by two signals (words and expansions) is read
/// once per search.
/// </summary>
internal sealed class PostingsReader : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly PostingsCache? _cache;
    private readonly LengthsView? _view;
    private readonly Dictionary<(LexicalField, string), TermPostings> _read = [];

    public PostingsReader(SqliteConnection connection, PostingsCache? cache = null, LengthsView? view = null)
    {
        _cache = cache;
        _view = view;
        _command = connection.CreateCommand();
        _command.CommandText = "SELECT first_pid, count, data FROM lex_postings WHERE field = $field AND term = $term";
        _command.Parameters.Add(new SqliteParameter("$field", SqliteType.Integer));
        _command.Parameters.Add(new SqliteParameter("$term", SqliteType.Text));
        _command.Prepare();
    }

    /// <summary>The term's postings; <paramref name="lengths"/> (0 = dead) decides which count towards the df.</summary>
    public TermPostings Read(LexicalField field, string term, ushort[] lengths)
    {
        if (_read.TryGetValue((field, term), out var cached)) return cached;
        if (_cache is not null && _view is not null && _cache.TryGet(_view, field, term, out cached)) return _read[(field, term)] = cached;
        var blocks = new List<PostingsBlock>();
        _command.Parameters[0].Value = (int)field;
        _command.Parameters[1].Value = term;
        using (var reader = _command.ExecuteReader())
        {
            // GetFieldValue copies the column in one call; GetBytes goes through SQLite's incremental blob handle and
            // is 15x slower per block (measured: 75 vs 5 ns per posting), most of a cold query.
            while (reader.Read()) blocks.Add(new PostingsBlock(reader.GetInt32(0), reader.GetInt32(1), reader.GetFieldValue<byte[]>(2)));
        }
        var postings = TermPostings.FromBlocks(blocks, lengths, _view?.MayHoldDead ?? lengths.Length > 0);
        if (_cache is not null && _view is not null) _cache.Add(_view, field, term, postings);
        return _read[(field, term)] = postings;
    }

    /// <summary>
    /// Every pid with a posting for any of the terms, ascending (dead ones included: callers map pids to the current
    /// documents' pid ranges or join with <c>passages</c>). A bit per pid, not a hash set: common terms match most pids.
    /// </summary>
    public static int[] MatchingPids(SqliteConnection connection, IEnumerable<(LexicalField Field, string Term)> terms)
    {
        using var reader = new PostingsReader(connection);
        var lists = terms.Distinct().Select(t => reader.Read(t.Field, t.Term, []).DecodePids()).Where(l => l.Length > 0).ToList();
        if (lists.Count == 0) return [];
        var bits = new ulong[(lists.Max(l => l[^1]) >> 6) + 1];
        foreach (var list in lists)
            foreach (var pid in list) bits[pid >> 6] |= 1UL << pid;
        var pids = new List<int>();
        for (var w = 0; w < bits.Length; w++)
        {
            for (var word = bits[w]; word != 0; word &= word - 1)
                pids.Add((w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word));
        }
        return [.. pids];
    }

    public void Dispose()
    {
        _read.Clear();
        _command.Dispose();
    }
}
