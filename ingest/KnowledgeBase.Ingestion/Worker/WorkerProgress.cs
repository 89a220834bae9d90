using System.Diagnostics;
using KnowledgeBase.Ingestion.Pipeline;

namespace KnowledgeBase.Ingestion.Worker;

/// <summary>Running totals of one worker process, for its progress log lines.</summary>
public sealed class WorkerProgress
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _done, _failed, _retrying, _unchanged, _duplicates, _pages, _passages;

    public int Done => _done;
    public int Failed => _failed;
    public int Pages => _pages;
    public int Passages => _passages;

    /// <summary>Files finished by this process, whatever the outcome.</summary>
    public int Finished => _done + _failed;

    public void Add(JobResult result)
    {
        switch (result.End)
        {
            case JobEnd.Done:
                Interlocked.Increment(ref _done);
                if (result.Outcome?.Status == IngestStatus.Unchanged) Interlocked.Increment(ref _unchanged);
                if (result.Outcome?.Status == IngestStatus.Duplicate) Interlocked.Increment(ref _duplicates);
                if (result.Outcome?.Status is IngestStatus.Ingested or IngestStatus.Updated)
                {
                    Interlocked.Add(ref _pages, result.Outcome.Pages);
                    Interlocked.Add(ref _passages, result.Outcome.Passages);
                }
                break;
            case JobEnd.Failed: Interlocked.Increment(ref _failed); break;
            case JobEnd.Retrying: Interlocked.Increment(ref _retrying); break;
        }
    }

    /// <summary>One line: files, pages, passages and rates since the worker started.</summary>
    public string Describe(int queued)
    {
        var seconds = Math.Max(0.001, _clock.Elapsed.TotalSeconds);
        return $"files {Finished} ({_done} done: {_unchanged} unchanged, {_duplicates} duplicate; {_failed} failed; {_retrying} retries) · " +
               $"pages {_pages} · passages {_passages} · {Finished / seconds:F1} files/s, {_pages / seconds:F1} pages/s · {queued} queued";
    }
}
