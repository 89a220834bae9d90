using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Storage.Embedded.Vectors;

/// <summary>
/// Passage embeddings of the embedded store, in three parts as the lexical index is: the durable rows in SQLite
/// (<see cref="VectorRows"/>: vectors written in the store's own transactions, the model id and dimension, under which a
/// vector of another model is refused), the in-memory copy queries run on (this class: an exact SIMD scan,
/// <see cref="ExactVectorIndex"/>, and from <see cref="VectorIndexOptions.HnswThreshold"/> vectors on an HNSW graph built
/// in the background), and the saved graphs (<see cref="VectorGraphFiles"/>). Every change carries a sequence number, so
/// a process that reads (the API) catches up with what another process (a CLI ingest) wrote by replaying only the rows
/// changed since. Access filtering runs inside both searches via the <c>allowed</c> predicate; nothing is filtered afterwards.
/// </summary>
public sealed class PassageVectorIndex : IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly VectorIndexOptions _options;
    private readonly ILogger _logger;
    private readonly VectorGraphFiles _graphFiles;
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
        _graphFiles = new VectorGraphFiles(database.DataDirectory, _logger);
    }

    /// <summary>The model the stored vectors came from, or null while none are stored.</summary>
    public (string ModelId, int Dimension)? RecordedModel
    {
        get
        {
            using var connection = _database.Open();
            return VectorRows.ReadModel(connection, null);
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
        if (VectorRows.ReadModel(connection, tx) is { } recorded)
        {
            if (recorded.ModelId != modelId || recorded.Dimension != dimension)
                throw new VectorModelMismatchException(recorded.ModelId, recorded.Dimension, modelId, dimension);
            return;
        }
        VectorRows.WriteModel(connection, tx, modelId, dimension);
        tx.Commit();
    }

    /// <summary>Drops every vector and records a new model (<c>kb reindex --embeddings</c>); passages then count as not embedded.</summary>
    public void Reset(string modelId, int dimension)
    {
        using (var connection = _database.Open())
        using (var tx = connection.BeginTransaction(deferred: false))
        {
            VectorRows.DeleteAll(connection, tx);
            VectorRows.WriteModel(connection, tx, modelId, dimension);
            tx.Commit();
        }
        lock (_gate) Unload();
        _graphFiles.DeleteAll();
    }

    /// <summary>
    /// Writes vectors inside the caller's transaction (the store's upsert), so passages and their vectors commit together.
    /// Vectors are normalised to unit length. Throws <see cref="VectorModelMismatchException"/> if their size differs from the recorded model's.
    /// </summary>
    public void Write(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<(long Pid, ReadOnlyMemory<float> Vector)> vectors) =>
        VectorRows.Write(connection, transaction, vectors);

    /// <summary>Deletes the vectors of a document's passages inside the caller's transaction; call it before the passages rows go.</summary>
    public void DeleteForDocument(SqliteConnection connection, SqliteTransaction transaction, string documentId) =>
        VectorRows.DeleteWhere(connection, transaction, "pid IN (SELECT pid FROM passages WHERE document_id = $doc)", ("$doc", documentId));

    /// <summary>Deletes vectors by passage row id inside the caller's transaction.</summary>
    public void Delete(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<long> pids) =>
        VectorRows.DeleteWhere(connection, transaction, "pid IN (SELECT value FROM json_each($pids))", ("$pids", "[" + string.Join(',', pids) + "]"));

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
            var unit = VectorRows.UnitLength(query);
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
            return _exact is null ? [] : _exact.Search(VectorRows.UnitLength(query), k, allowed);
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
        var (seq, epoch) = VectorRows.ReadCounters(connection, read);
        if (epoch != _loadedEpoch || _exact is null)
        {
            Unload();
            var model = VectorRows.ReadModel(connection, read);
            if (model is null) { _loadedEpoch = epoch; _loadedSeq = seq; return; }
            _exact = new ExactVectorIndex(model.Value.Dimension);
            var clock = Stopwatch.StartNew();
            VectorRows.ReadAll(connection, read, (pid, v) => _exact.Upsert(pid, v));
            _loadedEpoch = epoch;
            _loadedSeq = seq;
            _logger.LogInformation("Loaded {Count} vectors of {Model} in {Ms:F0} ms", _exact.Count, model.Value.ModelId, clock.Elapsed.TotalMilliseconds);
            StartGraphIfLarge(epoch);
            return;
        }
        if (seq == _loadedSeq) return;

        var changed = new HashSet<long>();
        VectorRows.ReadDeletedSince(connection, read, _loadedSeq, pid =>
        {
            _exact.Remove(pid);
            changed.Add(pid);
        });
        VectorRows.ReadWrittenSince(connection, read, _loadedSeq, (pid, v) =>
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
        var saved = _graphFiles.Latest(epoch, _loadedSeq);
        if (saved is { } file)
        {
            try
            {
                graph.Load(file.Path);
                using var connection = _database.Open();
                var changed = new HashSet<long>();
                VectorRows.ReadChangedSince(connection, null, file.Seq, p => changed.Add(p));
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
        if (_graphFiles.Save(_graph, _loadedEpoch, _loadedSeq)) _savedSeq = _loadedSeq;
    }

    private void Unload()
    {
        _graph?.Dispose();
        _graph = null;
        _exact = null;
        _loadedSeq = _loadedEpoch = _savedSeq = -1;
    }
}
