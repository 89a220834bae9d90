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
            // was 15x slower per block (measured: 75 vs 5 ns per posting), most of a cold query.
            while (reader.Read()) blocks.Add(new PostingsBlock(reader.GetInt32(0), reader.GetInt32(1), reader.GetFieldValue<byte[]>(2)));
        }
        var postings = TermPostings.FromBlocks(blocks, lengths, _view?.MayHoldDead ?? lengths.Length > 0);
        if (_cache is not null && _view is not null) _cache.Add(_view, field, term, postings);
        return _read[(field, term)] = postings;
    }

    /// <summary>Every pid with a posting for any of the terms (dead ones included: callers join with <c>passages</c>).</summary>
    public static HashSet<long> MatchingPids(SqliteConnection connection, LexicalField field, IEnumerable<string> terms)
    {
        var pids = new HashSet<long>();
        using var reader = new PostingsReader(connection);
        var noLengths = Array.Empty<ushort>();
        foreach (var term in terms.Distinct(StringComparer.Ordinal))
        {
            foreach (var pid in reader.Read(field, term, noLengths).DecodePids()) pids.Add(pid);
        }
        return pids;
    }

    public void Dispose()
    {
        _read.Clear();
        _command.Dispose();
    }
}
