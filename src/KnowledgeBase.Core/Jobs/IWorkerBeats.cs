namespace KnowledgeBase.Jobs;

/// <summary>
/// Where ingest workers publish their heartbeats and health checks read them. Shared by every process of one knowledge
/// base, like the queue: the embedded default keeps one small file per worker in the data directory.
/// </summary>
public interface IWorkerBeats
{
    /// <summary>Replaces the worker's previous beat.</summary>
    Task PublishAsync(WorkerBeat beat, CancellationToken cancellationToken = default);

    /// <summary>Forgets a worker that stopped cleanly.</summary>
    Task RemoveAsync(string workerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The beats of all workers, except those of workers dead for longer than <see cref="WorkerBeat.Forgotten"/>
    /// (a restarted worker has a new id; its old beat would otherwise be reported for ever).
    /// </summary>
    Task<IReadOnlyList<WorkerBeat>> ReadAllAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}
