using KnowledgeBase.Jobs;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// TEST DOUBLE of the durable ingest queue. The real one (SqliteIngestQueue) is built on the worker branch; until it
/// lands, API tests use this in-process list with the same contract (enqueue, lease, complete, fail, summarize).
/// Once the worker's registration is present in the host, <see cref="TestIngestSupport"/> leaves the real queue in place.
/// </summary>
public sealed class InMemoryIngestQueue : IIngestQueue
{
    private readonly Lock _gate = new();
    private readonly List<IngestJob> _jobs = [];
    private readonly Dictionary<string, (string Worker, DateTimeOffset Until)> _leases = [];

    public Task<IngestJob> EnqueueAsync(IngestJobRequest request, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        var job = new IngestJob("j" + Guid.NewGuid().ToString("N")[..15], request, JobState.Queued, 0, null, null, now, now);
        lock (_gate) _jobs.Add(job);
        return Task.FromResult(job);
    }

    public Task<IngestJob?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_jobs.FirstOrDefault(j => j.Id == jobId));
    }

    public Task<IngestJob?> LeaseAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            var index = _jobs.FindIndex(j => j.State == JobState.Queued || (j.State == JobState.Running && _leases[j.Id].Until < now));
            if (index < 0) return Task.FromResult<IngestJob?>(null);
            var job = _jobs[index] with { State = JobState.Running, Attempts = _jobs[index].Attempts + 1, UpdatedAt = now };
            _jobs[index] = job;
            _leases[job.Id] = (workerId, now + lease);
            return Task.FromResult<IngestJob?>(job);
        }
    }

    public Task CompleteAsync(string jobId, string workerId, string? documentId, CancellationToken cancellationToken = default) =>
        Update(jobId, j => j with { State = JobState.Done, DocumentId = documentId, Error = null });

    public Task FailAsync(string jobId, string workerId, string reason, bool permanent, CancellationToken cancellationToken = default) =>
        Update(jobId, j => j with { State = permanent || j.Attempts >= 3 ? JobState.Failed : JobState.Queued, Error = reason });

    public Task<QueueSummary> SummarizeAsync(int recentFailures = 10, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(new QueueSummary(
                _jobs.Count(j => j.State == JobState.Queued), _jobs.Count(j => j.State == JobState.Running),
                _jobs.Count(j => j.State == JobState.Done), _jobs.Count(j => j.State == JobState.Failed),
                _jobs.Where(j => j.State == JobState.Failed).OrderByDescending(j => j.UpdatedAt).Take(recentFailures).ToList()));
        }
    }

    private Task Update(string jobId, Func<IngestJob, IngestJob> change)
    {
        lock (_gate)
        {
            var index = _jobs.FindIndex(j => j.Id == jobId);
            if (index >= 0) _jobs[index] = change(_jobs[index]) with { UpdatedAt = DateTimeOffset.UtcNow };
        }
        return Task.CompletedTask;
    }
}
