namespace KnowledgeBase.Jobs;

/// <summary>Retry policy of the ingest queue, whichever holds it (section <c>KnowledgeBase:Queue</c>).</summary>
public sealed class IngestQueueOptions
{
    /// <summary>
    /// Attempts a job gets in all: transient failures are retried until this many, and a job whose worker died this many
    /// times while holding it (a file that crashes the process) is failed instead of being handed out again.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry of a transient failure; each further retry doubles it.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of the retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);
}
