using System.Text;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Jobs;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Embedded.Jobs;
using KnowledgeBase.Tests.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Tests.Worker;

/// <summary>The worker host in-process over real watch folders, queue, parsers and store.</summary>
public sealed class IngestWorkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _root = TestServices.TempDirectory();
    private string Data => Path.Combine(_root, "data");
    private string Inbox => Path.Combine(_root, "inbox");

    private static SqliteIngestQueue Queue(ServiceProvider services) =>
        new(services.GetRequiredService<SqliteDatabase>(), Options.Create(new IngestQueueOptions()));

    private static void Write(string path, string text)
    {
        File.WriteAllText(path, text, new UTF8Encoding(false));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task Duplicate_content_under_two_names_becomes_one_document_with_both_sources()
    {
        WorkerTestSupport.RequireParsers(FileFormat.PlainText);
        var sentences = WorkerTestSupport.ReportSentences();
        Directory.CreateDirectory(Inbox);
        var text = string.Concat(sentences.Take(8));
        Write(Path.Combine(Inbox, "报告.txt"), text);
        Write(Path.Combine(Inbox, "报告-副本.txt"), text);

        await WorkerTestSupport.RunOnceAsync(Data, [Inbox]);

        await using var services = TestServices.Create(Data);
        var stats = await services.GetRequiredService<IKnowledgeStore>().GetStatisticsAsync(Ct);
        Assert.Equal(1, stats.Documents);
        var summary = await Queue(services).SummarizeAsync(cancellationToken: Ct);
        Assert.Equal(2, summary.Done);
        var ledger = services.GetRequiredService<IIngestLedger>();
        var documentId = (await ledger.GetSourceAsync(Path.Combine(Inbox, "报告.txt"), Ct))!.DocumentId;
        var sources = await ledger.GetSourcesAsync(documentId, Ct);
        Assert.Equal(2, sources.Count);
        Assert.Contains(Path.Combine(Inbox, "报告-副本.txt"), sources);
    }

    [Fact]
    public async Task Unchanged_files_are_skipped_and_changed_files_replace_their_passages()
    {
        WorkerTestSupport.RequireParsers(FileFormat.PlainText);
        var sentences = WorkerTestSupport.ReportSentences();
        Directory.CreateDirectory(Inbox);
        var path = Path.Combine(Inbox, "政策.txt");
        Write(path, string.Concat(sentences.Take(20)));
        Write(Path.Combine(Inbox, "其他.txt"), string.Concat(sentences.Skip(40).Take(5)));
        await WorkerTestSupport.RunOnceAsync(Data, [Inbox]);

        // A second run over the same files adds no job.
        await WorkerTestSupport.RunOnceAsync(Data, [Inbox]);
        await using (var services = TestServices.Create(Data))
            Assert.Equal(2, (await Queue(services).SummarizeAsync(cancellationToken: Ct)).Done);

        var replacement = "第二版。" + string.Concat(sentences.Skip(100).Take(6));
        Write(path, replacement);
        await WorkerTestSupport.RunOnceAsync(Data, [Inbox]);

        await using var after = TestServices.Create(Data);
        Assert.Equal(3, (await Queue(after).SummarizeAsync(cancellationToken: Ct)).Done);
        var store = after.GetRequiredService<IKnowledgeStore>();
        Assert.Equal(2, (await store.GetStatisticsAsync(Ct)).Documents);
        var documentId = (await after.GetRequiredService<IIngestLedger>().GetSourceAsync(path, Ct))!.DocumentId;
        var passages = await store.GetPassagesAsync(documentId, AccessScope.Everything, Ct);
        Assert.StartsWith("第二版", passages[0].Text);
        Assert.DoesNotContain(passages, p => p.Text.Contains(sentences[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deleted_files_are_removed_only_when_asked_to()
    {
        WorkerTestSupport.RequireParsers(FileFormat.PlainText);
        var sentences = WorkerTestSupport.ReportSentences();
        Directory.CreateDirectory(Inbox);
        var doomed = Path.Combine(Inbox, "作废.txt");
        Write(doomed, string.Concat(sentences.Take(6)));
        Write(Path.Combine(Inbox, "保留.txt"), string.Concat(sentences.Skip(10).Take(6)));
        await WorkerTestSupport.RunOnceAsync(Data, [Inbox]);
        File.Delete(doomed);

        await WorkerTestSupport.RunOnceAsync(Data, [Inbox]);
        await using (var services = TestServices.Create(Data))
            Assert.Equal(2, (await services.GetRequiredService<IKnowledgeStore>().GetStatisticsAsync(Ct)).Documents);

        await WorkerTestSupport.RunOnceAsync(Data, [Inbox], removeDeleted: true);
        await using var after = TestServices.Create(Data);
        Assert.Equal(1, (await after.GetRequiredService<IKnowledgeStore>().GetStatisticsAsync(Ct)).Documents);
        Assert.Null(await after.GetRequiredService<IIngestLedger>().GetSourceAsync(doomed, Ct));

        // The same file coming back is ingested afresh.
        Write(doomed, string.Concat(sentences.Take(6)));
        await WorkerTestSupport.RunOnceAsync(Data, [Inbox], removeDeleted: true);
        await using var back = TestServices.Create(Data);
        Assert.Equal(2, (await back.GetRequiredService<IKnowledgeStore>().GetStatisticsAsync(Ct)).Documents);
    }

    [Fact]
    public async Task Bad_files_fail_with_a_reason_without_stopping_the_batch()
    {
        WorkerTestSupport.RequireParsers(FileFormat.PlainText);
        var sentences = WorkerTestSupport.ReportSentences();
        Directory.CreateDirectory(Inbox);
        Write(Path.Combine(Inbox, "空.txt"), "");
        // An executable renamed to .pdf: binary bytes, no PDF header.
        File.WriteAllBytes(Path.Combine(Inbox, "程序.pdf"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, .. Enumerable.Range(1, 600).Select(i => (byte)(i * 37 % 256))]);
        File.SetLastWriteTimeUtc(Path.Combine(Inbox, "程序.pdf"), DateTime.UtcNow.AddMinutes(-1));
        Write(Path.Combine(Inbox, "正常.txt"), string.Concat(sentences.Take(5)));

        await WorkerTestSupport.RunOnceAsync(Data, [Inbox]);

        await using var services = TestServices.Create(Data);
        var summary = await Queue(services).SummarizeAsync(cancellationToken: Ct);
        Assert.Equal((1, 2), (summary.Done, summary.Failed));
        Assert.All(summary.RecentFailures, f => Assert.Equal(1, f.Attempts)); // permanent: not retried
        Assert.Contains(summary.RecentFailures, f => f.Request.Source.EndsWith("空.txt", StringComparison.Ordinal) && f.Error!.Contains("empty", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(summary.RecentFailures, f => f.Request.Source.EndsWith("程序.pdf", StringComparison.Ordinal) && f.Error!.Contains("unsupported", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Staged_uploads_are_ingested_with_their_metadata_and_the_staged_copy_is_removed()
    {
        WorkerTestSupport.RequireParsers(FileFormat.PlainText);
        var sentences = WorkerTestSupport.ReportSentences();
        await using (var services = TestServices.Create(Data))
        {
            var queue = Queue(services);
            Directory.CreateDirectory(queue.StagingDirectory);
            var staged = Path.Combine(queue.StagingDirectory, "upload-1.txt");
            File.WriteAllText(staged, string.Concat(sentences.Take(6)));
            var job = await queue.EnqueueAsync(new IngestJobRequest(staged, "partner-upload/调研报告.txt",
                new DocumentMetadata { Title = "调研报告", Visibility = Visibility.Internal, Organisation = "某智库" }, SubmittedBy: "key:partner"), Ct);

            await WorkerTestSupport.RunOnceAsync(Data, []);

            var done = await queue.GetAsync(job.Id, Ct);
            Assert.Equal(JobState.Done, done!.State);
            Assert.False(File.Exists(staged));
            var document = await services.GetRequiredService<IKnowledgeStore>().GetDocumentAsync(done.DocumentId!, AccessScope.Everything, Ct);
            Assert.Equal(("调研报告", Visibility.Internal, "某智库"), (document!.Title, document.Metadata.Visibility, document.Metadata.Organisation));
        }
    }
}

/// <summary>Guards of the worker that need no parser.</summary>
public sealed class WorkerGuardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_is_refused_with_a_reason_when_the_worker_is_over_its_memory_ceiling()
    {
        var root = TestServices.TempDirectory();
        var inbox = Path.Combine(root, "inbox");
        Directory.CreateDirectory(inbox);
        File.WriteAllText(Path.Combine(inbox, "a.txt"), "内存上限测试。");
        File.SetLastWriteTimeUtc(Path.Combine(inbox, "a.txt"), DateTime.UtcNow.AddMinutes(-1));

        // Any process is over a 1 MiB ceiling: the guard must refuse the file, and the worker must carry on and finish.
        await WorkerTestSupport.RunOnceAsync(Path.Combine(root, "data"), [inbox],
            settings: new Dictionary<string, string?> { ["KnowledgeBase:Worker:MemoryLimitMiB"] = "1" });

        await using var services = TestServices.Create(Path.Combine(root, "data"));
        var summary = await new SqliteIngestQueue(services.GetRequiredService<SqliteDatabase>(), Options.Create(new IngestQueueOptions())).SummarizeAsync(cancellationToken: Ct);
        var failure = Assert.Single(summary.RecentFailures);
        Assert.Contains("more than 1 MiB of memory", failure.Error);
        Assert.Equal(1, failure.Attempts);
        var recorded = Assert.Single(await services.GetRequiredService<IIngestLedger>().GetFailuresAsync(10, Ct));
        Assert.Equal("TooLarge", recorded.Kind);
    }

    [Fact]
    public async Task Watch_folder_waits_until_a_file_is_stable_and_enqueues_it_once()
    {
        var root = TestServices.TempDirectory();
        var inbox = Path.Combine(root, "inbox");
        Directory.CreateDirectory(inbox);
        var path = Path.Combine(inbox, "正在复制.txt");
        File.WriteAllText(path, "第一部分。");
        var clock = new ManualClock(DateTimeOffset.UtcNow);

        await using var services = TestServices.Create(Path.Combine(root, "data"));
        var queue = new SqliteIngestQueue(services.GetRequiredService<SqliteDatabase>(), Options.Create(new IngestQueueOptions()));
        var options = Options.Create(new KnowledgeBase.Ingestion.Worker.IngestWorkerOptions { WatchFolders = [inbox], WatchStableFor = TimeSpan.FromSeconds(2) });
        var scanner = new KnowledgeBase.Ingestion.Worker.WatchFolderScanner(queue, services.GetRequiredService<IIngestLedger>(),
            services.GetRequiredService<IKnowledgeStore>(), options, Microsoft.Extensions.Logging.Abstractions.NullLogger<KnowledgeBase.Ingestion.Worker.WatchFolderScanner>.Instance, clock);

        Assert.Equal(new KnowledgeBase.Ingestion.Worker.ScanResult(0, 1, 0), await scanner.ScanAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(1));
        File.AppendAllText(path, "第二部分。"); // still being written
        File.SetLastWriteTimeUtc(path, clock.Now.UtcDateTime);
        Assert.Equal(1, (await scanner.ScanAsync(CancellationToken.None)).Settling);
        clock.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, (await scanner.ScanAsync(CancellationToken.None)).Enqueued);
        Assert.Equal(0, (await scanner.ScanAsync(CancellationToken.None)).Enqueued);

        var job = (await queue.LeaseAsync("w", TimeSpan.FromMinutes(1), Ct))!;
        Assert.Equal(Path.GetFullPath(path), job.Request.Source);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), job.Request.ContentHash);

        // A fresh scanner (a restarted worker) finds the same file and bytes already queued: no second job.
        var restarted = new KnowledgeBase.Ingestion.Worker.WatchFolderScanner(queue, services.GetRequiredService<IIngestLedger>(),
            services.GetRequiredService<IKnowledgeStore>(), options, Microsoft.Extensions.Logging.Abstractions.NullLogger<KnowledgeBase.Ingestion.Worker.WatchFolderScanner>.Instance, clock);
        Assert.Equal(0, (await restarted.ScanAsync(CancellationToken.None)).Enqueued);
        Assert.Equal(1, (await queue.SummarizeAsync(cancellationToken: Ct)).Running);
    }
}
