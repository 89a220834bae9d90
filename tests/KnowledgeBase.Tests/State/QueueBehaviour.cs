using KnowledgeBase.Jobs;
using KnowledgeBase.Model;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.State;

/// <summary>A clock the test moves by hand, so leases and backoffs expire without sleeping.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>
/// The behaviour every <see cref="IIngestQueue"/> must show — leases, expiry, retries with backoff, poison, release,
/// idempotent enqueue, completed sources — run against the embedded queue and against PostgreSQL by the subclasses.
/// Each queue comes from services wired as the applications wire them, on the state location of the test.
/// </summary>
public abstract class QueueBehaviour : IAsyncDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly StateLocation _location;

    protected QueueBehaviour(StateLocation location) => _location = location;

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _location.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A queue of its own "process" on the test's state: retries after 10 s, 20 s, … capped at 25 s.</summary>
    private IIngestQueue NewQueue(int maxAttempts = 3, TimeProvider? clock = null) =>
        _location.Services(clock ?? _clock, new Dictionary<string, string?>
        {
            ["KnowledgeBase:Queue:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KnowledgeBase:Queue:RetryBaseDelay"] = "00:00:10",
            ["KnowledgeBase:Queue:MaxRetryDelay"] = "00:00:25",
        }).GetRequiredService<IIngestQueue>();

    private static IngestJobRequest Request(string name, string? hash = null) => new($"/staged/{name}", $"/inbox/{name}", new DocumentMetadata { Title = name }, ContentHash: hash);

    [Fact]
    public async Task Leases_the_oldest_job_and_completes_it()
    {
        var queue = NewQueue();
        var first = await queue.EnqueueAsync(Request("a.txt"), Ct);
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        await queue.EnqueueAsync(Request("b.txt"), Ct);

        var leased = await queue.LeaseAsync("w1", Lease, Ct);
        Assert.Equal(first.Id, leased!.Id);
        Assert.Equal(JobState.Running, leased.State);
        Assert.Equal(1, leased.Attempts);
        Assert.Equal("a.txt", leased.Request.Metadata.Title);

        Assert.False(await queue.CompleteAsync(first.Id, "someone-else", "doc", Ct));
        Assert.True(await queue.CompleteAsync(first.Id, "w1", "doc1", Ct));
        var done = await queue.GetAsync(first.Id, Ct);
        Assert.Equal(JobState.Done, done!.State);
        Assert.Equal("doc1", done.DocumentId);
        var summary = await queue.SummarizeAsync(cancellationToken: Ct);
        Assert.Equal((1, 0, 1, 0), (summary.Queued, summary.Running, summary.Done, summary.Failed));
    }

    [Fact]
    public async Task Workers_on_separate_connections_never_take_the_same_job()
    {
        var setup = NewQueue(clock: TimeProvider.System);
        for (var i = 0; i < 150; i++) await setup.EnqueueAsync(Request($"f{i}.txt"), Ct);

        // Four workers, each with its own database object and connections, race for the jobs.
        var taken = await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var queue = NewQueue(clock: TimeProvider.System);
            var mine = new List<string>();
            while (await queue.LeaseAsync($"w{w}", Lease, Ct) is { } job)
            {
                mine.Add(job.Id);
                Assert.True(await queue.CompleteAsync(job.Id, $"w{w}", null, Ct));
            }
            return mine;
        })));

        var all = taken.SelectMany(t => t).ToList();
        Assert.Equal(150, all.Count);
        Assert.Equal(150, all.Distinct().Count());
        Assert.Equal(150, (await setup.SummarizeAsync(cancellationToken: Ct)).Done);
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_the_old_holder_loses_it()
    {
        var queue = NewQueue();
        var job = await queue.EnqueueAsync(Request("a.txt"), Ct);
        await queue.LeaseAsync("dead-worker", Lease, Ct);
        Assert.Null(await queue.LeaseAsync("w2", Lease, Ct));

        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var again = await queue.LeaseAsync("w2", Lease, Ct);
        Assert.Equal(job.Id, again!.Id);
        Assert.Equal(2, again.Attempts);
        Assert.False(await queue.RenewAsync(job.Id, "dead-worker", Lease, Ct));
        Assert.False(await queue.CompleteAsync(job.Id, "dead-worker", null, Ct));
        Assert.True(await queue.RenewAsync(job.Id, "w2", Lease, Ct));
        Assert.True(await queue.CompleteAsync(job.Id, "w2", "d", Ct));
    }

    [Fact]
    public async Task Transient_failures_back_off_exponentially_up_to_the_cap_then_give_up()
    {
        var queue = NewQueue(maxAttempts: 4);
        var job = await queue.EnqueueAsync(Request("a.txt"), Ct);

        await queue.LeaseAsync("w", Lease, Ct);
        await queue.FailAsync(job.Id, "w", "database is locked", permanent: false, Ct);
        var waiting = await queue.GetAsync(job.Id, Ct);
        Assert.Equal(JobState.Queued, waiting!.State);
        Assert.Equal("database is locked", waiting.Error);
        Assert.Equal(_clock.Now.AddSeconds(10), waiting.NotBefore);
        Assert.Equal(1, (await queue.SummarizeAsync(cancellationToken: Ct)).Retrying);
        Assert.Null(await queue.LeaseAsync("w", Lease, Ct));

        _clock.Advance(TimeSpan.FromSeconds(10));
        await queue.LeaseAsync("w", Lease, Ct);
        await queue.FailAsync(job.Id, "w", "database is locked", permanent: false, Ct);
        Assert.Equal(_clock.Now.AddSeconds(20), (await queue.GetAsync(job.Id, Ct))!.NotBefore);

        _clock.Advance(TimeSpan.FromSeconds(20));
        await queue.LeaseAsync("w", Lease, Ct);
        await queue.FailAsync(job.Id, "w", "database is locked", permanent: false, Ct);
        Assert.Equal(_clock.Now.AddSeconds(25), (await queue.GetAsync(job.Id, Ct))!.NotBefore); // 40 s, capped

        _clock.Advance(TimeSpan.FromSeconds(25));
        Assert.NotNull(await queue.LeaseAsync("w", Lease, Ct));
        await queue.FailAsync(job.Id, "w", "database is locked", permanent: false, Ct);
        var failed = await queue.GetAsync(job.Id, Ct);
        Assert.Equal(JobState.Failed, failed!.State);
        Assert.Equal(4, failed.Attempts);
        Assert.Equal("database is locked (gave up after 4 attempts)", failed.Error);
        Assert.Equal((0, 0, 1), ((await queue.SummarizeAsync(cancellationToken: Ct)).Queued, (await queue.SummarizeAsync(cancellationToken: Ct)).Retrying, (await queue.SummarizeAsync(cancellationToken: Ct)).Failed));
    }

    [Fact]
    public async Task Permanent_failures_are_not_retried()
    {
        var queue = NewQueue();
        var job = await queue.EnqueueAsync(Request("secret.pdf"), Ct);
        await queue.LeaseAsync("w", Lease, Ct);
        await queue.FailAsync(job.Id, "w", "encrypted PDF: a password is needed", permanent: true, Ct);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(await queue.LeaseAsync("w", Lease, Ct));
        var summary = await queue.SummarizeAsync(cancellationToken: Ct);
        Assert.Equal(1, summary.Failed);
        Assert.Equal("encrypted PDF: a password is needed", Assert.Single(summary.RecentFailures).Error);
    }

    [Fact]
    public async Task A_job_whose_worker_keeps_dying_is_failed_as_poison()
    {
        var queue = NewQueue(maxAttempts: 2);
        var job = await queue.EnqueueAsync(Request("bomb.pdf"), Ct);
        await queue.LeaseAsync("w1", Lease, Ct);
        _clock.Advance(Lease * 2);
        await queue.LeaseAsync("w2", Lease, Ct);
        _clock.Advance(Lease * 2);
        Assert.Null(await queue.LeaseAsync("w3", Lease, Ct));
        var failed = await queue.GetAsync(job.Id, Ct);
        Assert.Equal(JobState.Failed, failed!.State);
        Assert.Contains("worker stopped 2 times", failed.Error);
    }

    [Fact]
    public async Task Released_jobs_come_back_without_counting_the_attempt()
    {
        var queue = NewQueue();
        var job = await queue.EnqueueAsync(Request("a.txt"), Ct);
        await queue.LeaseAsync("w", Lease, Ct);
        Assert.True(await queue.ReleaseAsync(job.Id, "w", Ct));
        var again = await queue.LeaseAsync("w2", Lease, Ct);
        Assert.Equal(1, again!.Attempts);
    }

    [Fact]
    public async Task Enqueue_is_idempotent_per_source_and_hash()
    {
        var queue = NewQueue();
        var first = await queue.EnqueueAsync(Request("a.txt", "hash1"), Ct);
        Assert.Equal(first.Id, (await queue.EnqueueAsync(Request("a.txt", "hash1"), Ct)).Id);
        await queue.LeaseAsync("w", Lease, Ct);
        await queue.CompleteAsync(first.Id, "w", "d1", Ct);
        Assert.Equal(first.Id, (await queue.EnqueueAsync(Request("a.txt", "hash1"), Ct)).Id);

        var changed = await queue.EnqueueAsync(Request("a.txt", "hash2"), Ct);
        Assert.NotEqual(first.Id, changed.Id);
        var otherName = await queue.EnqueueAsync(Request("b.txt", "hash1"), Ct);
        Assert.NotEqual(first.Id, otherName.Id);
        var noHash = await queue.EnqueueAsync(Request("a.txt"), Ct);
        Assert.NotEqual(first.Id, noHash.Id);
        Assert.Equal(4, (await queue.SummarizeAsync(cancellationToken: Ct)).Queued + (await queue.SummarizeAsync(cancellationToken: Ct)).Done);
    }

    [Fact]
    public async Task Completed_sources_can_be_forgotten()
    {
        var queue = NewQueue();
        var job = await queue.EnqueueAsync(Request("a.txt", "h"), Ct);
        await queue.LeaseAsync("w", Lease, Ct);
        await queue.CompleteAsync(job.Id, "w", "d", Ct);
        Assert.Equal(["/inbox/a.txt"], await queue.GetCompletedSourcesAsync("/inbox/", Ct));
        Assert.Empty(await queue.GetCompletedSourcesAsync("/elsewhere/", Ct));

        await queue.ForgetSourceAsync("/inbox/a.txt", Ct);
        Assert.Empty(await queue.GetCompletedSourcesAsync("/inbox/", Ct));
        Assert.NotEqual(job.Id, (await queue.EnqueueAsync(Request("a.txt", "h"), Ct)).Id);
    }
}
