using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Storage.Qdrant;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static KnowledgeBase.Tests.Stores.StoreCorpus;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// <c>kb migrate</c>'s parts: the export from the embedded store runs for real (read back, and copied into a second
/// embedded store); the Qdrant side is checked only through <see cref="RecordingCallInvoker"/>, i.e. the requests we send.
/// </summary>
public sealed class StoreExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<StoreHost> SeededAsync()
    {
        var host = StoreHost.Create();
        foreach (var submission in All()) await host.Store.UpsertAsync(submission, Ct);
        return host;
    }

    [Fact]
    public async Task Export_reads_back_every_document_with_its_pages_and_passages()
    {
        await using var host = await SeededAsync();
        var export = new SqliteStoreExport(host.Services.GetRequiredService<SqliteDatabase>());

        Assert.Equal(["dA", "dB", "dC", "dD", "dE"], export.DocumentIds());
        var exported = new List<Model.DocumentSubmission>();
        await foreach (var s in export.ReadAllAsync(Ct)) exported.Add(s);

        Assert.Equal(All().Count, exported.Count);
        foreach (var (expected, actual) in All().Zip(exported))
        {
            Assert.Equal(expected.Passages, actual.Passages);
            Assert.Equal(expected.Pages, actual.Pages);
            Assert.Equal(expected.Document with { Metadata = null! }, actual.Document with { Metadata = null! });
            Assert.Equal(expected.Document.Metadata.Visibility, actual.Document.Metadata.Visibility);
            Assert.Equal(expected.Document.Metadata.Tags.Order(), actual.Document.Metadata.Tags);
            Assert.Equal(expected.Document.Metadata.SharedWith, actual.Document.Metadata.SharedWith);
            Assert.Equal(expected.Document.Metadata.OwnerOrganisation, actual.Document.Metadata.OwnerOrganisation);
            Assert.Equal(expected.Document.Metadata.PendingReview, actual.Document.Metadata.PendingReview);
        }
        Assert.Null(export.Read("missing"));
    }

    [Fact]
    public async Task Copying_into_another_store_reproduces_counts_and_search_results()
    {
        await using var source = await SeededAsync();
        await using var target = StoreHost.Create();

        var report = await new SqliteStoreExport(source.Services.GetRequiredService<SqliteDatabase>()).CopyToAsync(target.Store, cancellationToken: Ct);

        Assert.Empty(report.Failures);
        Assert.Equal((5, All().Sum(s => s.Passages.Count), 5), (report.Documents, report.Passages, report.Pages));
        Assert.Equal(await source.Store.GetStatisticsAsync(Ct), await target.Store.GetStatisticsAsync(Ct));
        foreach (var query in new[] { "广西 Guangxi", "冷链运输", "customs facilitation" })
        {
            var request = new SearchRequest(query, new SearchFilter(PartnerBScope), 20);
            Assert.Equal(
                (await source.Search.SearchAsync(request, Ct)).Results.Select(h => (h.PassageId, h.Score)),
                (await target.Search.SearchAsync(request, Ct)).Results.Select(h => (h.PassageId, h.Score)));
        }
    }

    [Fact]
    public async Task Migration_into_Qdrant_sends_every_passage_and_page_under_deterministic_ids()
    {
        await using var source = await SeededAsync();
        var invoker = new RecordingCallInvoker();
        var qdrant = new QdrantKnowledgeStore(new QdrantClient(new QdrantGrpcClient(invoker)), TestServices.Analyzer, Options.Create(new QdrantOptions { Collection = "kb_migrated" }));

        var report = await new SqliteStoreExport(source.Services.GetRequiredService<SqliteDatabase>()).CopyToAsync(qdrant, cancellationToken: Ct);

        Assert.Empty(report.Failures);
        Assert.Single(invoker.Requests<CreateCollection>());
        var ids = invoker.Requests<UpsertPoints>().SelectMany(u => u.Points).Select(p => p.Id.Uuid).ToHashSet();
        var expected = All().SelectMany(s => s.Passages.Select(p => PointIds.Passage(p.Id))
                .Concat(s.Pages.Select(p => PointIds.Page(s.Document.Id, p.Number)))
                .Append(PointIds.Document(s.Document.Id)))
            .Select(g => g.ToString());
        Assert.Equal(expected.Order(), ids.Order());
        Assert.All(invoker.Requests<UpsertPoints>(), u => Assert.Equal("kb_migrated", u.CollectionName));
        var passage = invoker.Requests<UpsertPoints>().SelectMany(u => u.Points).Single(p => p.Id.Uuid == PointIds.Passage("dE:1").ToString());
        Assert.Equal(EnglishTrade().Passages[1].Text, passage.Payload["text"].StringValue);
    }

    [Fact]
    public async Task After_migration_the_Qdrant_catalog_and_review_answer_what_the_embedded_ones_did()
    {
        // kb migrate's copy into a Qdrant collection (InMemoryQdrant standing in for the server), then the Qdrant-mode
        // catalog, review and term statistics over it: what the API's list, facets, similar and approve read.
        await using var source = await SeededAsync();
        var qdrant = new InMemoryQdrant();
        await using var target = QdrantHosts.InMemory(qdrant);
        var report = await new SqliteStoreExport(source.Services.GetRequiredService<SqliteDatabase>()).CopyToAsync(target.Store, cancellationToken: Ct);
        Assert.Empty(report.Failures);

        foreach (var scope in new[] { Staff, Anonymous, Member, PartnerAScope, PartnerBScope })
        {
            var filter = new SearchFilter(scope);
            var expected = await source.Catalog.ListAsync(new DocumentListRequest(filter, 0, 50), Ct);
            var actual = await target.Catalog.ListAsync(new DocumentListRequest(filter, 0, 50), Ct);
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Documents.Select(Describe), actual.Documents.Select(Describe));
            foreach (var query in new[] { null, "广西 Guangxi", "冷链运输" })
            {
                var retrieval = query is null ? null : source.Services.GetRequiredService<QueryAnalyzer>().Analyze(query, Ct).Retrieval;
                Assert.Equal(Describe(await source.Catalog.FacetsAsync(filter, retrieval, Ct)), Describe(await target.Catalog.FacetsAsync(filter, retrieval, Ct)));
            }
            Assert.Equal(await source.Catalog.GetPassageAsync("dC:0", filter, Ct), await target.Catalog.GetPassageAsync("dC:0", filter, Ct));
        }
        IReadOnlyList<IReadOnlyList<string>> words = [[], ["广西"], ["口岸"], ["广西", "甘蔗"]];
        Assert.Equal(source.Services.GetRequiredService<ITermStatistics>().CountPassages(words), target.Services.GetRequiredService<ITermStatistics>().CountPassages(words));

        Assert.True(await target.Review.ApproveAsync("dD", Ct));
        Assert.Contains("dD", (await target.Catalog.ListAsync(new DocumentListRequest(new SearchFilter(Anonymous), 0, 50), Ct)).Documents.Select(d => d.Id));
    }

    /// <summary>A document record as text, metadata lists included (records compare lists by reference).</summary>
    private static string Describe(Model.DocumentRecord d) =>
        $"{d with { Metadata = null! }} {d.Metadata with { Tags = [], SharedWith = [] }} tags={string.Join(',', d.Metadata.Tags)} shared={string.Join(',', d.Metadata.SharedWith)}";

    private static string Describe(DocumentFacets f) =>
        $"{f.Documents}/{f.Passages} " + string.Join(" ", new[] { f.Organisations, f.Types, f.Tags, f.Languages, f.Years }.Select(values => "[" + string.Join(",", values) + "]"));
}
