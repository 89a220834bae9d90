using KnowledgeBase.Jobs;
using KnowledgeBase.Model;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Jobs;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Worker;

/// <summary>A clock the test moves by hand, so leases and backoffs expire without sleeping.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}

public sealed class SqliteIngestQueueTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly string _data = TestServices.TempDirectory();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private SqliteIngestQueue NewQueue(int maxAttempts = 3, TimeProvider? clock = null) =>
        new(new SqliteDatabase(_data), Options.Create(new IngestQueueOptions { MaxAttempts = maxAttempts, RetryBaseDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromSeconds(25) }), clock ?? _clock);

    private static IngestJobRequest Request(string name, string? hash = null) => new($"/staged/{name}", $"/inbox/{name}", new DocumentMetadata { Title = name }, ContentHash: hash);

    [Fact]
    public async Task LeasesTheOldestJobAndCompletesIt()
    {
        var queue = NewQueue();
        var first = await queue.EnqueueAsync(Request("a.txt"));
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        await queue.EnqueueAsync(Request("b.txt"));

        var leased = await queue.LeaseAsync("w1", Lease);
        Assert.Equal(first.Id, leased!.Id);
        Assert.Equal(JobState.Running, leased.State);
        Assert.Equal(1, leased.Attempts);
        Assert.Equal("a.txt", leased.Request.Metadata.Title);

        Assert.False(await queue.CompleteAsync(first.Id, "someone-else", "doc"));
        Assert.True(await queue.CompleteAsync(first.Id, "w1", "doc1"));
        var done = await queue.GetAsync(first.Id);
        Assert.Equal(JobState.Done, done!.State);
        Assert.Equal("doc1", done.DocumentId);
        var summary = await queue.SummarizeAsync();
        Assert.Equal((1, 0, 1, 0), (summary.Queued, summary.Running, summary.Done, summary.Failed));
    }

    [Fact]
    public async Task WorkersOnSeparateConnectionsNeverTakeTheSameJob()
    {
        var setup = NewQueue(clock: TimeProvider.System);
        for (var i = 0; i < 150; i++) await setup.EnqueueAsync(Request($"f{i}.txt"));

        // Four workers, each with its own database object and connections, race for the jobs.
        var taken = await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var queue = NewQueue(clock: TimeProvider.System);
            var mine = new List<string>();
            while (await queue.LeaseAsync($"w{w}", Lease) is { } job)
            {
                mine.Add(job.Id);
                Assert.True(await queue.CompleteAsync(job.Id, $"w{w}", null));
            }
            return mine;
        })));

        var all = taken.SelectMany(t => t).ToList();
        Assert.Equal(150, all.Count);
        Assert.Equal(150, all.Distinct().Count());
        Assert.Equal(150, (await setup.SummarizeAsync()).Done);
    }

    [Fact]
    public async Task AnExpiredLeaseIsTakenOverAndTheOldHolderLosesIt()
    {
        var queue = NewQueue();
        var job = await queue.EnqueueAsync(Request("a.txt"));
        await queue.LeaseAsync("dead-worker", Lease);
        Assert.Null(await queue.LeaseAsync("w2", Lease));

        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var again = await queue.LeaseAsync("w2", Lease);
        Assert.Equal(job.Id, again!.Id);
        Assert.Equal(2, again.Attempts);
        Assert.False(await queue.RenewAsync(job.Id, "dead-worker", Lease));
        Assert.False(await queue.CompleteAsync(job.Id, "dead-worker", null));
        Assert.True(await queue.RenewAsync(job.Id, "w2", Lease));
        Assert.True(await queue.CompleteAsync(job.Id, "w2", "d"));
    }

    [Fact]
    public async Task TransientFailuresBackOffExponentiallyThenGiveUp()
    {
        var queue = NewQueue(maxAttempts: 3);
        var job = await queue.EnqueueAsync(Request("a.txt"));

        await queue.LeaseAsync("w", Lease);
        await queue.FailAsync(job.Id, "w", "database is locked", permanent: false);
        var waiting = await queue.GetAsync(job.Id);
        Assert.Equal(JobState.Queued, waiting!.State);
        Assert.Equal(_clock.Now.AddSeconds(10), waiting.NotBefore);
        Assert.Equal(1, (await queue.SummarizeAsync()).Retrying);
        Assert.Null(await queue.LeaseAsync("w", Lease));

        _clock.Advance(TimeSpan.FromSeconds(10));
        await queue.LeaseAsync("w", Lease);
        await queue.FailAsync(job.Id, "w", "database is locked", permanent: false);
        Assert.Equal(_clock.Now.AddSeconds(20), (await queue.GetAsync(job.Id))!.NotBefore);

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.NotNull(await queue.LeaseAsync("w", Lease));
        await queue.FailAsync(job.Id, "w", "database is locked", permanent: false);
        var failed = await queue.GetAsync(job.Id);
        Assert.Equal(JobState.Failed, failed!.State);
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("gave up after 3 attempts", failed.Error);
        Assert.Equal(TimeSpan.FromSeconds(25), queue.Backoff(5));
    }

    [Fact]
    public async Task PermanentFailuresAreNotRetried()
    {
        var queue = NewQueue();
        var job = await queue.EnqueueAsync(Request("secret.pdf"));
        await queue.LeaseAsync("w", Lease);
        await queue.FailAsync(job.Id, "w", "encrypted PDF: a password is needed", permanent: true);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(await queue.LeaseAsync("w", Lease));
        var summary = await queue.SummarizeAsync();
        Assert.Equal(1, summary.Failed);
        Assert.Equal("encrypted PDF: a password is needed", Assert.Single(summary.RecentFailures).Error);
    }

    [Fact]
    public async Task AJobWhoseWorkerKeepsDyingIsFailedAsPoison()
    {
        var queue = NewQueue(maxAttempts: 2);
        var job = await queue.EnqueueAsync(Request("bomb.pdf"));
        await queue.LeaseAsync("w1", Lease);
        _clock.Advance(Lease * 2);
        await queue.LeaseAsync("w2", Lease);
        _clock.Advance(Lease * 2);
        Assert.Null(await queue.LeaseAsync("w3", Lease));
        var failed = await queue.GetAsync(job.Id);
        Assert.Equal(JobState.Failed, failed!.State);
        Assert.Contains("worker stopped 2 times", failed.Error);
    }

    [Fact]
    public async Task ReleasedJobsComeBackWithoutCountingTheAttempt()
    {
        var queue = NewQueue();
        var job = await queue.EnqueueAsync(Request("a.txt"));
        await queue.LeaseAsync("w", Lease);
        Assert.True(await queue.ReleaseAsync(job.Id, "w"));
        var again = await queue.LeaseAsync("w2", Lease);
        Assert.Equal(1, again!.Attempts);
    }

    [Fact]
    public async Task EnqueueIsIdempotentPerSourceAndHash()
    {
        var queue = NewQueue();
        var first = await queue.EnqueueAsync(Request("a.txt", "hash1"));
        Assert.Equal(first.Id, (await queue.EnqueueAsync(Request("a.txt", "hash1"))).Id);
        await queue.LeaseAsync("w", Lease);
        await queue.CompleteAsync(first.Id, "w", "d1");
        Assert.Equal(first.Id, (await queue.EnqueueAsync(Request("a.txt", "hash1"))).Id);

        var changed = await queue.EnqueueAsync(Request("a.txt", "hash2"));
        Assert.NotEqual(first.Id, changed.Id);
        var otherName = await queue.EnqueueAsync(Request("b.txt", "hash1"));
        Assert.NotEqual(first.Id, otherName.Id);
        var noHash = await queue.EnqueueAsync(Request("a.txt"));
        Assert.NotEqual(first.Id, noHash.Id);
        Assert.Equal(4, (await queue.SummarizeAsync()).Queued + (await queue.SummarizeAsync()).Done);
    }

    [Fact]
    public async Task CompletedSourcesCanBeForgotten()
    {
        var queue = NewQueue();
        var job = await queue.EnqueueAsync(Request("a.txt", "h"));
        await queue.LeaseAsync("w", Lease);
        await queue.CompleteAsync(job.Id, "w", "d");
        Assert.Equal(["/inbox/a.txt"], await queue.GetCompletedSourcesAsync("/inbox/"));
        Assert.Empty(await queue.GetCompletedSourcesAsync("/elsewhere/"));

        await queue.ForgetSourceAsync("/inbox/a.txt");
        Assert.Empty(await queue.GetCompletedSourcesAsync("/inbox/"));
        Assert.NotEqual(job.Id, (await queue.EnqueueAsync(Request("a.txt", "h"))).Id);
    }
}
