namespace KnowledgeBase.Jobs;

/// <summary>How a worker is doing, judged from its last heartbeat.</summary>
public enum WorkerCondition
{
    /// <summary>Beating, and every work loop has moved on within the stall timeout.</summary>
    Working,

    /// <summary>Still beating, but a work loop has been stuck (one job, or one queue call) past the stall timeout.</summary>
    Stalled,

    /// <summary>No heartbeat for three intervals: the process is gone, frozen, or its worker has stopped.</summary>
    Stopped,
}

/// <summary>
/// What an ingest worker last reported about itself, published through <see cref="IWorkerBeats"/> every
/// <see cref="Interval"/> and read by the API's health check and by a worker machine's own health probe. The writer's
/// settings travel with the beat, so every reader judges it by the same limits.
/// </summary>
/// <param name="LeastRecentProgressAt">
/// The oldest of the work loops' last steps: a loop steps each time it asks the queue for a job and when it starts one,
/// so an idle loop steps every poll and a busy loop's time is the start of its current job.
/// </param>
/// <param name="RunningJobs">Jobs in flight and when each started.</param>
public sealed record WorkerBeat(
    string WorkerId,
    string Host,
    int ProcessId,
    DateTimeOffset StartedAt,
    DateTimeOffset BeatAt,
    DateTimeOffset LeastRecentProgressAt,
    IReadOnlyList<RunningJob> RunningJobs,
    TimeSpan Interval,
    TimeSpan StallTimeout)
{
    /// <summary>Beats older than this are left out: that worker died long ago, and a new process has its own id.</summary>
    public static readonly TimeSpan Forgotten = TimeSpan.FromHours(1);

    public WorkerCondition Assess(DateTimeOffset now) =>
        now - BeatAt > 3 * Interval ? WorkerCondition.Stopped
        : now - LeastRecentProgressAt > StallTimeout ? WorkerCondition.Stalled
        : WorkerCondition.Working;

    /// <summary>One line for a person: what the worker is doing or what is wrong with it.</summary>
    public string Describe(DateTimeOffset now) => Assess(now) switch
    {
        WorkerCondition.Stopped => $"worker {WorkerId} stopped: no heartbeat for {Round(now - BeatAt)}",
        WorkerCondition.Stalled => RunningJobs.MinBy(j => j.Since) is { } job && now - job.Since > StallTimeout
            ? $"worker {WorkerId} stalled: job {job.JobId} running for {Round(now - job.Since)} (limit KnowledgeBase:Worker:StallTimeout {StallTimeout})"
            : $"worker {WorkerId} stalled: no step for {Round(now - LeastRecentProgressAt)} (limit KnowledgeBase:Worker:StallTimeout {StallTimeout})",
        _ => RunningJobs.Count == 0 ? $"worker {WorkerId} idle" : $"worker {WorkerId} working on {RunningJobs.Count} job(s)",
    };

    private static TimeSpan Round(TimeSpan span) => TimeSpan.FromSeconds(Math.Round(span.TotalSeconds));
}

/// <param name="JobId">The job's id in the queue.</param>
/// <param name="Since">When this worker started it.</param>
public sealed record RunningJob(string JobId, DateTimeOffset Since);
