using KnowledgeBase.Model;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.State;

/// <summary>
/// The behaviour every <see cref="IIngestLedger"/> must show, and that the store keeps it in step: a stored document's
/// source is recorded (also when the state is not in the store's own database), a deleted document's sources are forgotten.
/// </summary>
public abstract class LedgerBehaviour(StateLocation location) : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return location.DisposeAsync();
    }

    private IIngestLedger Ledger() => location.Services().GetRequiredService<IIngestLedger>();

    [Fact]
    public async Task Sources_point_at_documents_and_can_be_replaced_and_removed()
    {
        var ledger = Ledger();
        Assert.Null(await ledger.GetSourceAsync("/inbox/a.pdf", Ct));
        await ledger.AddSourceAsync(new SourceState("/inbox/a.pdf", "d1", "h1"), Ct);
        await ledger.AddSourceAsync(new SourceState("/inbox/copy of a.pdf", "d1", "h1"), Ct);
        await ledger.AddSourceAsync(new SourceState("/inbox/b.pdf", "d2", "h2"), Ct);
        Assert.Equal(new SourceState("/inbox/a.pdf", "d1", "h1"), await ledger.GetSourceAsync("/inbox/a.pdf", Ct));
        Assert.Equal(["/inbox/a.pdf", "/inbox/copy of a.pdf"], await ledger.GetSourcesAsync("d1", Ct));

        // The file changed: the same source now holds other bytes of another document.
        await ledger.AddSourceAsync(new SourceState("/inbox/a.pdf", "d3", "h3"), Ct);
        Assert.Equal(new SourceState("/inbox/a.pdf", "d3", "h3"), await Ledger().GetSourceAsync("/inbox/a.pdf", Ct));
        Assert.Equal(["/inbox/copy of a.pdf"], await ledger.GetSourcesAsync("d1", Ct));

        Assert.Equal("d2", await ledger.RemoveSourceAsync("/inbox/b.pdf", Ct));
        Assert.Null(await ledger.RemoveSourceAsync("/inbox/b.pdf", Ct));
        Assert.Empty(await ledger.GetSourcesAsync("d2", Ct));
    }

    [Fact]
    public async Task Failures_keep_the_latest_per_source_newest_first_and_clear_when_the_source_succeeds()
    {
        var ledger = Ledger();
        var t0 = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        await ledger.RecordFailureAsync(new IngestFailureRecord("/inbox/x.pdf", "hx", "Encrypted", "encrypted PDF (password required)", t0), Ct);
        await ledger.RecordFailureAsync(new IngestFailureRecord("/inbox/y.doc", "hy", "Unsupported", "legacy .doc", t0.AddMinutes(1)), Ct);
        await ledger.RecordFailureAsync(new IngestFailureRecord("/inbox/x.pdf", "hx2", "Corrupt", "truncated file", t0.AddMinutes(2)), Ct);

        Assert.Equal(2, await ledger.CountFailuresAsync(Ct));
        var failures = await ledger.GetFailuresAsync(10, Ct);
        Assert.Equal([("/inbox/x.pdf", "hx2", "Corrupt", "truncated file", t0.AddMinutes(2)), ("/inbox/y.doc", "hy", "Unsupported", "legacy .doc", t0.AddMinutes(1))],
            failures.Select(f => (f.Source, f.ContentHash, f.Kind, f.Reason, f.At)));
        Assert.Single(await ledger.GetFailuresAsync(1, Ct));

        await ledger.AddSourceAsync(new SourceState("/inbox/x.pdf", "dx", "hx3"), Ct);
        Assert.Equal(["/inbox/y.doc"], (await ledger.GetFailuresAsync(10, Ct)).Select(f => f.Source));
        Assert.Equal(1, await ledger.CountFailuresAsync(Ct));
    }

    [Fact]
    public async Task Storing_a_document_records_its_source_and_deleting_it_forgets_its_sources()
    {
        var services = location.Services();
        var store = services.GetRequiredService<IKnowledgeStore>();
        var ledger = services.GetRequiredService<IIngestLedger>();
        var document = Stores.StoreCorpus.Make("dL", "台账测试", new DocumentMetadata { Language = "zh" }, "边境贸易台账记录了每一份来源文件。");
        await store.UpsertAsync(document, Ct);
        Assert.Equal(new SourceState("/inbox/dL.txt", "dL", document.Document.ContentHash), await ledger.GetSourceAsync("/inbox/dL.txt", Ct));

        await ledger.AddSourceAsync(new SourceState("/inbox/dL copy.txt", "dL", document.Document.ContentHash), Ct);
        Assert.True(await store.DeleteAsync("dL", Ct));
        Assert.Empty(await ledger.GetSourcesAsync("dL", Ct));
        Assert.Null(await ledger.GetSourceAsync("/inbox/dL.txt", Ct));
    }
}
