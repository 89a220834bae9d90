namespace KnowledgeBase.Ingestion.Worker;

/// <summary>Settings of the ingest worker (section <c>KnowledgeBase:Worker</c>).</summary>
public sealed class IngestWorkerOptions
{
    public const string Section = "KnowledgeBase:Worker";

    /// <summary>Jobs processed at once by this worker process.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>How long a leased job stays with this worker without renewal; renewed every third of it while the file is processed.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an idle worker waits before asking the queue again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Process what is queued (and what the watch folders hold), then stop the host.</summary>
    public bool RunOnce { get; set; }

    /// <summary>Inbox folders whose files are ingested (recursively) and kept in step.</summary>
    public List<string> WatchFolders { get; set; } = [];

    /// <summary>A watched file is enqueued only once its size and modification time have not changed for this long.</summary>
    public TimeSpan WatchStableFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Full rescan of the watch folders, in case the file system watcher missed events (network shares, overflow).</summary>
    public TimeSpan WatchRescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>When a file disappears from a watch folder, remove its source (and the document, if no other source holds it). Off by default.</summary>
    public bool RemoveDeletedFiles { get; set; }

    /// <summary>
    /// Working-set ceiling in MiB of the whole process while a file is processed; a file that pushes the process above it
    /// is abandoned with a permanent reason. Checked every <see cref="MemoryCheckInterval"/>. 0 (the default) disables it,
    /// because a host process (the API with an embedding model loaded) may sit above any fixed figure; the stand-alone
    /// worker host sets 900.
    /// </summary>
    public int MemoryLimitMiB { get; set; }

    public TimeSpan MemoryCheckInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often the worker publishes its heartbeat (<c>DATA/workers/</c>); three missed beats count as stopped.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A work loop that has not moved on for this long (one job, or one call to the queue) counts as hung in the health
    /// checks. Longer than any file should take: the parse alone is bounded by <c>KnowledgeBase:Ingest:ParseTimeout</c>.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the worker logs a progress line while it has work.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);
}
