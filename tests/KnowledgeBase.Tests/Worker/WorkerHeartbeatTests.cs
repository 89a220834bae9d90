using KnowledgeBase.Configuration;
using KnowledgeBase.Ingestion.Worker;
using KnowledgeBase.Jobs;
using KnowledgeBase.Storage.Embedded.Jobs;
using KnowledgeBase.Tests.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Worker;

/// <summary>How a worker's heartbeat is judged, on a clock the test moves by hand.</summary>
public sealed class WorkerHeartbeatTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly string _data = TestServices.TempDirectory();

    private FileWorkerBeats Beats => new(Options.Create(new KnowledgeBaseOptions { DataDirectory = _data }));

    private WorkerHeartbeat NewHeartbeat() => new(
        Options.Create(new IngestWorkerOptions { HeartbeatInterval = TimeSpan.FromSeconds(10), StallTimeout = TimeSpan.FromMinutes(15) }),
        Beats, _clock, NullLogger<WorkerHeartbeat>.Instance);

    [Fact]
    public void An_idle_worker_that_keeps_polling_is_working_and_one_whose_queue_call_hangs_is_stalled()
    {
        var heartbeat = NewHeartbeat();
        for (var i = 0; i < 100; i++)
        {
            heartbeat.Step(0);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(WorkerCondition.Working, (heartbeat.Current("w") with { BeatAt = _clock.Now }).Assess(_clock.Now));

        _clock.Advance(TimeSpan.FromMinutes(15));
        var hung = heartbeat.Current("w") with { BeatAt = _clock.Now };
        Assert.Equal(WorkerCondition.Stalled, hung.Assess(_clock.Now));
        Assert.Contains("no step for 00:15:01", hung.Describe(_clock.Now));
    }

    [Fact]
    public void A_job_running_past_the_stall_timeout_is_reported_as_stalled_with_its_id()
    {
        var heartbeat = NewHeartbeat();
        heartbeat.Step(0);
        heartbeat.JobStarted(1, "j-long");
        _clock.Advance(TimeSpan.FromMinutes(16));
        heartbeat.Step(0);
        var beat = heartbeat.Current("w") with { BeatAt = _clock.Now };

        Assert.Equal(WorkerCondition.Stalled, beat.Assess(_clock.Now));
        Assert.Contains("job j-long running for 00:16:00", beat.Describe(_clock.Now));
        Assert.Contains("KnowledgeBase:Worker:StallTimeout", beat.Describe(_clock.Now));

        heartbeat.JobEnded(1, "j-long");
        Assert.Equal(WorkerCondition.Working, (heartbeat.Current("w") with { BeatAt = _clock.Now }).Assess(_clock.Now));
    }

    [Fact]
    public void A_beat_three_intervals_old_means_the_worker_stopped()
    {
        var beat = NewHeartbeat().Current("w");
        Assert.Equal(WorkerCondition.Working, beat.Assess(_clock.Now + TimeSpan.FromSeconds(30)));
        Assert.Equal(WorkerCondition.Stopped, beat.Assess(_clock.Now + TimeSpan.FromSeconds(31)));
        Assert.Contains("stopped: no heartbeat for 00:00:31", beat.Describe(_clock.Now + TimeSpan.FromSeconds(31)));
    }

    [Fact]
    public async Task Beats_published_to_the_data_directory_are_read_back_and_forgotten_after_an_hour()
    {
        var beat = NewHeartbeat().Current("host/123/abc");
        await Beats.PublishAsync(beat, Ct);

        var read = Assert.Single(await Beats.ReadAllAsync(_clock.Now, Ct));
        Assert.Equal(beat.WorkerId, read.WorkerId);
        Assert.Equal(beat.StallTimeout, read.StallTimeout);
        Assert.Equal(beat.BeatAt, read.BeatAt);

        await Beats.RemoveAsync(beat.WorkerId, Ct);
        Assert.Empty(await Beats.ReadAllAsync(_clock.Now, Ct));

        await Beats.PublishAsync(beat, Ct);
        Assert.Empty(await Beats.ReadAllAsync(_clock.Now + TimeSpan.FromHours(2), Ct));
        Assert.Empty(Directory.GetFiles(Path.Combine(_data, FileWorkerBeats.FolderName)));
    }
}
