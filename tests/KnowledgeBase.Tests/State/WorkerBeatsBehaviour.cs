using KnowledgeBase.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.State;

/// <summary>
/// The behaviour every <see cref="IWorkerBeats"/> must show — a beat published by one process is read by another,
/// replaced by the next, removed when its worker stops cleanly and forgotten an hour after its worker died — against
/// the embedded state and PostgreSQL by the subclasses.
/// </summary>
public abstract class WorkerBeatsBehaviour(StateLocation location) : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return location.DisposeAsync();
    }

    /// <summary>The beats of a separate "process" on the test's state.</summary>
    private IWorkerBeats NewProcess() => location.Services().GetRequiredService<IWorkerBeats>();

    private static WorkerBeat Beat(string workerId, DateTimeOffset at, params RunningJob[] jobs) =>
        new(workerId, "host-a", 4242, Start, at, at, jobs, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(15));

    [Fact]
    public async Task A_beat_published_by_one_process_is_read_by_another_and_replaced_by_the_next()
    {
        var worker = NewProcess();
        var health = NewProcess();
        await worker.PublishAsync(Beat("host-a/1/x", Start, new RunningJob("j1", Start)), Ct);

        var read = Assert.Single(await health.ReadAllAsync(Start, Ct));
        Assert.Equal(("host-a/1/x", "host-a", 4242, Start), (read.WorkerId, read.Host, read.ProcessId, read.BeatAt));
        Assert.Equal(TimeSpan.FromMinutes(15), read.StallTimeout);
        Assert.Equal("j1", Assert.Single(read.RunningJobs).JobId);

        await worker.PublishAsync(Beat("host-a/1/x", Start.AddSeconds(10)), Ct);
        read = Assert.Single(await health.ReadAllAsync(Start.AddSeconds(10), Ct));
        Assert.Equal(Start.AddSeconds(10), read.BeatAt);
        Assert.Empty(read.RunningJobs);
    }

    [Fact]
    public async Task A_cleanly_stopped_worker_is_removed_and_one_dead_for_an_hour_is_forgotten()
    {
        var beats = NewProcess();
        await beats.PublishAsync(Beat("stops", Start), Ct);
        await beats.PublishAsync(Beat("dies", Start), Ct);
        await beats.PublishAsync(Beat("lives", Start.AddMinutes(90)), Ct);

        await beats.RemoveAsync("stops", Ct);
        Assert.Equal(["dies", "lives"], (await beats.ReadAllAsync(Start.AddMinutes(59), Ct)).Select(b => b.WorkerId).Order());

        // Past the hour, the dead worker is left out (a restarted worker beats under a new id) and stays out.
        Assert.Equal(["lives"], (await beats.ReadAllAsync(Start.AddMinutes(61), Ct)).Select(b => b.WorkerId));
        Assert.Equal(["lives"], (await NewProcess().ReadAllAsync(Start.AddMinutes(59), Ct)).Select(b => b.WorkerId));
    }
}
