using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using KnowledgeBase.Storage.Embedded.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Storage.Embedded.Vectors;

/// <summary>
/// Passage embeddings of the embedded store. The durable copy is the SQLite table <c>passage_vectors</c> in the
/// data directory's database, written in the store's own transactions; the model id and dimension are kept in
/// <c>meta</c>, and a vector from another model is refused. Queries run in memory: an exact SIMD scan, and, from
/// <see cref="VectorIndexOptions.HnswThreshold"/> vectors on, an HNSW graph (built in the background, saved as
/// <c>vectors-*.usearch</c> beside the database). Every change carries a sequence number, so a process that reads
/// (the API) catches up with what another process (a CLI ingest) wrote by replaying only the rows changed since.
/// Access filtering runs inside both searches via the <c>allowed</c> predicate; nothing is filtered afterwards.
/// </summary>
public sealed class PassageVectorIndex : IDisposable
{
    private const string ModelKey = "vector_model", DimensionKey = "vector_dimension", SeqKey = "vector_seq", EpochKey = "vector_epoch";
    private const string GraphFilePattern = "vectors-*.usearch";

    private readonly SqliteDatabase _database;
    private readonly VectorIndexOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    private ExactVectorIndex? _exact;
    private HnswVectorIndex? _graph;
    private long _loadedSeq = -1, _loadedEpoch = -1, _savedSeq = -1;
    private Task? _building;
    private HashSet<long>? _changedDuringBuild;
    private bool _disposed;
    private readonly CancellationTokenSource _stopping = new();

    public PassageVectorIndex(SqliteDatabase database, IOptions<VectorIndexOptions>? options = null, ILogger<PassageVectorIndex>? logger = null)
    {
        _database = database;
        _options = options?.Value ?? new VectorIndexOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The model the stored vectors came from, or null while none are stored.</summary>
    public (string ModelId, int Dimension)? RecordedModel
    {
        get
        {
            using var connection = _database.Open();
            return ReadModel(connection, null);
        }
    }

    /// <summary>Vectors currently searchable (after catching up with the database).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                Refresh();
                return _exact?.Count ?? 0;
            }
        }
    }

    /// <summary>True when queries are answered by the HNSW graph.</summary>
    public bool UsesGraph
    {
        get
        {
            lock (_gate)
            {
                Refresh();
                return _graph is not null && _building is null;
            }
        }
    }

    /// <summary>
    /// Records <paramref name="modelId"/> as the index's model if none is recorded; throws
    /// <see cref="VectorModelMismatchException"/> if vectors of another model or size are stored.
    /// </summary>
    public void EnsureModel(string modelId, int dimension)
    {
        using var connection = _database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        if (ReadModel(connection, tx) is { } recorded)
        {
            if (recorded.ModelId != modelId || recorded.Dimension != dimension)
                throw new VectorModelMismatchException(recorded.ModelId, recorded.Dimension, modelId, dimension);
            return;
        }
        SetMeta(connection, tx, ModelKey, modelId);
        SetMeta(connection, tx, DimensionKey, dimension.ToString(CultureInfo.InvariantCulture));
        tx.Commit();
    }

    /// <summary>Drops every vector and records a new model (<c>kb reindex --embeddings</c>); passages then count as not embedded.</summary>
    public void Reset(string modelId, int dimension)
    {
        using (var connection = _database.Open())
        using (var tx = connection.BeginTransaction(deferred: false))
        {
            connection.Execute(tx, "DELETE FROM passage_vectors; DELETE FROM passage_vector_deletions;");
            SetMeta(connection, tx, ModelKey, modelId);
            SetMeta(connection, tx, DimensionKey, dimension.ToString(CultureInfo.InvariantCulture));
            connection.Execute(tx, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vector_epoch'");
            tx.Commit();
        }
        lock (_gate) Unload();
        foreach (var file in Directory.EnumerateFiles(_database.DataDirectory, GraphFilePattern)) TryDelete(file);
    }

    /// <summary>
    /// Writes vectors inside the caller's transaction (the store's upsert), so passages and their vectors commit together.
    /// Vectors are normalised to unit length. Throws <see cref="VectorModelMismatchException"/> if their size differs from the recorded model's.
    /// </summary>
    public void Write(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<(long Pid, ReadOnlyMemory<float> Vector)> vectors)
    {
        var model = ReadModel(connection, transaction)
                    ?? throw new InvalidOperationException("no embedding model is recorded for the vector index; call EnsureModel first");
        var seq = NextSeq(connection, transaction);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO passage_vectors(pid, seq, vector) VALUES ($pid, $seq, $v) ON CONFLICT(pid) DO UPDATE SET seq = excluded.seq, vector = excluded.vector";
        var pid = insert.Parameters.Add("$pid", SqliteType.Integer);
        insert.Parameters.AddWithValue("$seq", seq);
        var blob = insert.Parameters.Add("$v", SqliteType.Blob);
        foreach (var (id, vector) in vectors)
        {
            if (vector.Length != model.Dimension)
                throw new VectorModelMismatchException(model.ModelId, model.Dimension, "a model", vector.Length);
            pid.Value = id;
            blob.Value = ToBlob(Normalized(vector.Span));
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Deletes the vectors of a document's passages inside the caller's transaction; call it before the passages rows go.</summary>
    public void DeleteForDocument(SqliteConnection connection, SqliteTransaction transaction, string documentId) =>
        DeleteWhere(connection, transaction, "pid IN (SELECT pid FROM passages WHERE document_id = $doc)", ("$doc", documentId));

    /// <summary>Deletes vectors by passage row id inside the caller's transaction.</summary>
    public void Delete(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<long> pids) =>
        DeleteWhere(connection, transaction, "pid IN (SELECT value FROM json_each($pids))", ("$pids", "[" + string.Join(',', pids) + "]"));

    /// <summary>Adds or replaces one vector in its own transaction.</summary>
    public void Upsert(long pid, ReadOnlySpan<float> vector) => UpsertMany([(pid, vector.ToArray())]);

    /// <summary>Adds or replaces vectors in one transaction of their own.</summary>
    public void UpsertMany(IEnumerable<(long Pid, ReadOnlyMemory<float> Vector)> vectors)
    {
        using var connection = _database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        Write(connection, tx, vectors);
        tx.Commit();
    }

    /// <summary>Deletes vectors in a transaction of their own.</summary>
    public void Delete(IEnumerable<long> pids)
    {
        using var connection = _database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        Delete(connection, tx, pids);
        tx.Commit();
    }

    /// <summary>
    /// The <paramref name="k"/> passages whose vectors are most similar to <paramref name="query"/>, best first, among those
    /// <paramref name="allowed"/> accepts (null: all). Pass <paramref name="allowedCount"/> when known: a narrow filter is then
    /// answered by an exact scan, which is complete where a graph walk could come up short.
    /// </summary>
    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, Func<long, bool>? allowed = null, int? allowedCount = null)
    {
        lock (_gate)
        {
            Refresh();
            if (_exact is null || _exact.Count == 0 || k <= 0) return [];
            if (query.Length != _exact.Dimension)
                throw new VectorModelMismatchException(RecordedModel?.ModelId ?? "?", _exact.Dimension, "the query's model", query.Length);
            var unit = Normalized(query);
            var narrow = allowedCount is { } n && n < _options.ExactBelowAllowed;
            if (_graph is null || _building is not null || narrow) return _exact.Search(unit, k, allowed);
            // The graph may still hold keys whose removal it has not caught up with; only live keys pass.
            var exact = _exact;
            Func<long, bool> live = allowed is null ? exact.Contains : key => exact.Contains(key) && allowed(key);
            return _graph.Search(unit, k, live);
        }
    }

    /// <summary>Exact top-k regardless of size (the reference for recall measurements).</summary>
    public IReadOnlyList<VectorHit> SearchExact(ReadOnlySpan<float> query, int k, Func<long, bool>? allowed = null)
    {
        lock (_gate)
        {
            Refresh();
            return _exact is null ? [] : _exact.Search(Normalized(query), k, allowed);
        }
    }

    /// <summary>Waits until a graph build started by an earlier call has finished (benchmarks, tests, warm-up).</summary>
    public async Task WaitForGraphAsync(CancellationToken cancellationToken = default)
    {
        Task? building;
        lock (_gate)
        {
            Refresh();
            building = _building;
        }
        if (building is not null) await building.WaitAsync(cancellationToken);
    }

    /// <summary>Saves the graph if it changed since it was last saved, so the next process loads instead of rebuilding.</summary>
    public void SaveGraph()
    {
        lock (_gate) SaveGraphLocked();
    }

    public void Dispose()
    {
        Task? building;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            building = _building;
        }
        // A one-shot process (kb search) must not wait a minute for a graph it will not use; ingest and reindex
        // call WaitForGraphAsync and SaveGraph before they exit, so their graph is kept.
        _stopping.Cancel();
        try { building?.Wait(); } catch (AggregateException) { /* logged by the build */ }
        lock (_gate)
        {
            SaveGraphLocked();
            Unload();
        }
        _stopping.Dispose();
    }

    // ---- in-memory state -------------------------------------------------------------------------------------------

    /// <summary>Brings the in-memory indexes up to the database's sequence number. Caller holds the lock.</summary>
    private void Refresh()
    {
        if (_disposed) throw new ObjectDisposedException(nameof(PassageVectorIndex));
        using var connection = _database.Open();
        using var read = connection.BeginTransaction(deferred: true); // one snapshot for counters and rows
        var seq = ReadLong(connection, read, SeqKey);
        var epoch = ReadLong(connection, read, EpochKey);
        if (epoch != _loadedEpoch || _exact is null)
        {
            Unload();
            var model = ReadModel(connection, read);
            if (model is null) { _loadedEpoch = epoch; _loadedSeq = seq; return; }
            _exact = new ExactVectorIndex(model.Value.Dimension);
            var clock = Stopwatch.StartNew();
            ReadRows(connection, read, "SELECT pid, vector FROM passage_vectors", null, (pid, v) => _exact.Upsert(pid, v));
            _loadedEpoch = epoch;
            _loadedSeq = seq;
            _logger.LogInformation("Loaded {Count} vectors of {Model} in {Ms:F0} ms", _exact.Count, model.Value.ModelId, clock.Elapsed.TotalMilliseconds);
            StartGraphIfLarge(epoch);
            return;
        }
        if (seq == _loadedSeq) return;

        var changed = new HashSet<long>();
        ReadPids(connection, read, "SELECT pid FROM passage_vector_deletions WHERE seq > $since", _loadedSeq, pid =>
        {
            _exact.Remove(pid);
            changed.Add(pid);
        });
        ReadRows(connection, read, "SELECT pid, vector FROM passage_vectors WHERE seq > $since", _loadedSeq, (pid, v) =>
        {
            _exact.Upsert(pid, v);
            changed.Add(pid);
        });
        _loadedSeq = seq;
        if (_building is not null) _changedDuringBuild!.UnionWith(changed);
        else if (_graph is not null) ApplyToGraph(_graph, changed);
        StartGraphIfLarge(epoch);
    }

    /// <summary>Makes the graph agree with the exact index for <paramref name="pids"/>.</summary>
    private void ApplyToGraph(HnswVectorIndex graph, IReadOnlyCollection<long> pids)
    {
        if (pids.Count == 0) return;
        graph.Reserve(pids.Count);
        foreach (var pid in pids)
        {
            graph.Remove(pid);
            if (_exact!.Contains(pid)) graph.Add(pid, _exact.Get(pid));
        }
    }

    private void StartGraphIfLarge(long epoch)
    {
        if (_graph is not null || _building is not null || _exact is null || _exact.Count < _options.HnswThreshold) return;
        var graph = new HnswVectorIndex(_exact.Dimension, _options);
        var saved = LatestGraphFile(epoch);
        if (saved is { } file)
        {
            try
            {
                graph.Load(file.Path);
                using var connection = _database.Open();
                var changed = new HashSet<long>();
                ReadPids(connection, null, "SELECT pid FROM passage_vector_deletions WHERE seq > $since UNION SELECT pid FROM passage_vectors WHERE seq > $since", file.Seq, p => changed.Add(p));
                // Rows written after _loadedSeq are not in the exact index yet either; the next Refresh brings both along.
                ApplyToGraph(graph, changed);
                _graph = graph;
                _savedSeq = file.Seq;
                _logger.LogInformation("Loaded the vector graph {File} ({Changed} vectors changed since it was saved)", Path.GetFileName(file.Path), changed.Count);
                return;
            }
            catch (InvalidOperationException e)
            {
                _logger.LogWarning("Could not load the vector graph {File}, rebuilding it: {Reason}", file.Path, e.Message);
                graph.Dispose();
                graph = new HnswVectorIndex(_exact.Dimension, _options);
            }
        }

        // Build from a snapshot off the lock; searches use the exact scan meanwhile, and changes that arrive are replayed after.
        var keys = _exact.Keys.ToArray();
        var dimension = _exact.Dimension;
        var vectors = new float[keys.Length * dimension];
        for (var i = 0; i < keys.Length; i++) _exact.Get(keys[i]).CopyTo(vectors.AsSpan(i * dimension, dimension));
        _changedDuringBuild = [];
        _building = Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                graph.Reserve(keys.Length);
                Parallel.For(0, keys.Length, new ParallelOptions { MaxDegreeOfParallelism = graph.BuildThreads, CancellationToken = _stopping.Token },
                    i => graph.Add(keys[i], vectors.AsSpan(i * dimension, dimension)));
            }
            catch (OperationCanceledException)
            {
                lock (_gate) EndBuild(null);
                graph.Dispose();
                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Building the vector graph failed; searches keep using the exact scan");
                lock (_gate) EndBuild(null);
                graph.Dispose();
                return;
            }
            lock (_gate)
            {
                if (_exact is null || _loadedEpoch != epoch)
                {
                    // Reset or disposed while building: this graph describes vectors that no longer exist.
                    EndBuild(null);
                    graph.Dispose();
                    return;
                }
                ApplyToGraph(graph, _changedDuringBuild!);
                EndBuild(graph);
                _logger.LogInformation("Built the vector graph over {Count} vectors in {Seconds:F1} s", keys.Length, clock.Elapsed.TotalSeconds);
                SaveGraphLocked();
            }
        });
    }

    private void EndBuild(HnswVectorIndex? graph)
    {
        _building = null;
        _changedDuringBuild = null;
        if (graph is null) return;
        _graph = graph;
        _savedSeq = -1;
    }

    private void SaveGraphLocked()
    {
        if (_graph is null || _building is not null || _savedSeq == _loadedSeq) return;
        var name = $"vectors-{_loadedEpoch}-{_loadedSeq}.usearch";
        var path = Path.Combine(_database.DataDirectory, name);
        var temp = path + ".tmp";
        try
        {
            _graph.Save(temp);
            File.Move(temp, path, overwrite: true);
            _savedSeq = _loadedSeq;
            foreach (var old in Directory.EnumerateFiles(_database.DataDirectory, GraphFilePattern).Where(f => Path.GetFileName(f) != name))
                TryDelete(old);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            _logger.LogWarning("Could not save the vector graph to {Path}: {Reason}", path, e.Message);
            TryDelete(temp);
        }
    }

    /// <summary>The newest saved graph of this epoch, by the sequence number in its name.</summary>
    private (string Path, long Seq)? LatestGraphFile(long epoch)
    {
        (string, long)? best = null;
        foreach (var file in Directory.EnumerateFiles(_database.DataDirectory, GraphFilePattern))
        {
            var parts = Path.GetFileNameWithoutExtension(file).Split('-');
            if (parts.Length != 3 || !long.TryParse(parts[1], out var e) || e != epoch || !long.TryParse(parts[2], out var seq)) continue;
            if (seq <= _loadedSeq && (best is null || seq > best.Value.Item2)) best = (file, seq);
        }
        return best;
    }

    private void Unload()
    {
        _graph?.Dispose();
        _graph = null;
        _exact = null;
        _loadedSeq = _loadedEpoch = _savedSeq = -1;
    }

    // ---- SQL helpers ---------------------------------------------------------------------------------------------

    private static void DeleteWhere(SqliteConnection connection, SqliteTransaction transaction, string where, (string Name, object Value) parameter) =>
        connection.Execute(transaction, $"""
            INSERT INTO passage_vector_deletions(seq, pid) SELECT $seq, pid FROM passage_vectors WHERE {where};
            DELETE FROM passage_vectors WHERE {where};
            """, ("$seq", NextSeq(connection, transaction)), parameter);

    private static long NextSeq(SqliteConnection connection, SqliteTransaction transaction) =>
        connection.Long(transaction, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vector_seq' RETURNING CAST(value AS INTEGER)")!.Value;

    private static (string ModelId, int Dimension)? ReadModel(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var model = connection.Scalar(transaction, "SELECT value FROM meta WHERE key = 'vector_model'") as string;
        var dimension = connection.Scalar(transaction, "SELECT value FROM meta WHERE key = 'vector_dimension'") as string;
        return model is null || dimension is null ? null : (model, int.Parse(dimension, CultureInfo.InvariantCulture));
    }

    private static long ReadLong(SqliteConnection connection, SqliteTransaction? transaction, string key) =>
        connection.Long(transaction, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = $key", ("$key", key)) ?? 0;

    private static void SetMeta(SqliteConnection connection, SqliteTransaction transaction, string key, string value) =>
        connection.Execute(transaction, "INSERT INTO meta(key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            ("$key", key), ("$value", value));

    private static void ReadRows(SqliteConnection connection, SqliteTransaction? transaction, string sql, long? since, Action<long, ReadOnlySpan<float>> row) =>
        connection.ForEach(transaction, sql, r => row(r.GetInt64(0), MemoryMarshal.Cast<byte, float>((byte[])r.GetValue(1))),
            since is { } s ? [("$since", s)] : []);

    private static void ReadPids(SqliteConnection connection, SqliteTransaction? transaction, string sql, long since, Action<long> pid) =>
        connection.ForEach(transaction, sql, r => pid(r.GetInt64(0)), ("$since", since));

    private static float[] Normalized(ReadOnlySpan<float> vector)
    {
        var copy = vector.ToArray();
        var norm = TensorPrimitives.Norm(copy);
        if (norm > 0 && Math.Abs(norm - 1f) > 1e-6f) TensorPrimitives.Divide(copy, norm, copy);
        return copy;
    }

    private static byte[] ToBlob(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
