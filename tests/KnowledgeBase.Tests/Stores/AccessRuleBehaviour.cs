using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using static KnowledgeBase.Tests.Stores.StoreCorpus;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// The access rule every store runs inside its queries, for the cases ownership could widen: an organisation's
/// ownership opens its own uploads only, never a document restricted to others, and the content-hash lookup ingest
/// uses to link duplicates finds only a twin the submitter may see. Run against each store, Qdrant's through
/// <see cref="InMemoryQdrant"/> too, so it runs everywhere.
/// </summary>
public abstract class AccessRuleBehaviour
{
    protected abstract Task<StoreHost> CreateHostAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<SortedSet<string>> DocumentsFoundAsync(StoreHost host, string query, SearchFilter filter) =>
        new((await host.Search.SearchAsync(new SearchRequest(query, filter, Top: 50), Ct)).Results.Select(h => h.DocumentId), StringComparer.Ordinal);

    [Fact]
    public async Task Content_hash_finds_only_a_twin_the_scope_may_see()
    {
        await using var host = await CreateHostAsync();
        foreach (var submission in All()) await host.Store.UpsertAsync(submission, Ct);
        var hash = RuralInternal().Document.ContentHash;
        Assert.Equal("dB", (await host.Store.FindByContentHashAsync(hash, Staff, Ct))?.Id);
        Assert.Equal("dB", (await host.Store.FindByContentHashAsync(hash, Member, Ct))?.Id);
        Assert.Null(await host.Store.FindByContentHashAsync(hash, PartnerBScope, Ct));
        Assert.Null(await host.Store.FindByContentHashAsync(new string('0', 64), Staff, Ct));

        // The same bytes uploaded by partner B, which could not see dB, are a document of its own: each finds the twin it may see.
        var copy = Make("dZ", "乡村振兴调研（伙伴上传）",
            new DocumentMetadata { Visibility = Visibility.Internal, OwnerOrganisation = PartnerB, SharedWith = [PartnerB], PendingReview = true },
            "广西甘蔗产业是乡村振兴的主导产业。");
        await host.Store.UpsertAsync(copy with { Document = copy.Document with { ContentHash = hash } }, Ct);
        Assert.Equal("dZ", (await host.Store.FindByContentHashAsync(hash, PartnerBScope, Ct))?.Id);
        Assert.Equal("dB", (await host.Store.FindByContentHashAsync(hash, Member, Ct))?.Id);
        Assert.Equal("dB", (await host.Store.FindByContentHashAsync(hash, Staff, Ct))?.Id);
        Assert.Null(await host.Store.FindByContentHashAsync(hash, PartnerAScope, Ct));
    }

    /// <summary>
    /// Documents whose owner is not enough to open them: uploads through organisation-bound staff keys (owner set, not
    /// pending, the owner not among the organisations shared with) and a partner's own uploads, pending or shared with it.
    /// </summary>
    private static IReadOnlyList<DocumentSubmission> Owned() =>
    [
        Make("oA", "限甲阅读的工作人员稿", new DocumentMetadata { Visibility = Visibility.Restricted, SharedWith = [PartnerA], OwnerOrganisation = PartnerB },
            "广西边境口岸限甲阅读材料。"),
        Make("oB", "内部工作人员稿", new DocumentMetadata { Visibility = Visibility.Internal, OwnerOrganisation = PartnerB },
            "广西内部工作人员材料。"),
        Make("oC", "乙的内部上传", new DocumentMetadata { Visibility = Visibility.Internal, OwnerOrganisation = PartnerB, SharedWith = [PartnerB] },
            "广西伙伴乙内部上传材料。"),
        Make("oD", "乙的待审上传", new DocumentMetadata { Visibility = Visibility.Restricted, SharedWith = [PartnerA], OwnerOrganisation = PartnerB, PendingReview = true },
            "广西伙伴乙待审上传材料。"),
    ];

    public static TheoryData<string, string[]> VisibleOwnedDocuments => new()
    {
        { nameof(Staff), ["oA", "oB", "oC", "oD"] },
        { nameof(Anonymous), [] },
        { nameof(Member), ["oB", "oC"] },
        { nameof(PartnerAScope), ["oA"] },
        { nameof(PartnerBScope), ["oC", "oD"] },
    };

    [Theory]
    [MemberData(nameof(VisibleOwnedDocuments))]
    public async Task An_owner_alone_never_opens_a_document_restricted_to_others(string scopeName, string[] visible)
    {
        await using var host = await CreateHostAsync();
        foreach (var submission in Owned()) await host.Store.UpsertAsync(submission, Ct);
        var scope = Scope(scopeName);

        Assert.Equal(visible, await DocumentsFoundAsync(host, "广西", new SearchFilter(scope)));
        var listed = await host.Catalog.ListAsync(new DocumentListRequest(new SearchFilter(scope), 0, 50), Ct);
        Assert.Equal(visible, listed.Documents.Select(d => d.Id).Order(StringComparer.Ordinal));
        foreach (var submission in Owned())
        {
            var id = submission.Document.Id;
            Assert.Equal(visible.Contains(id), await host.Store.GetDocumentAsync(id, scope, Ct) is not null);
            Assert.Equal(visible.Contains(id), (await host.Store.GetPassagesAsync(id, scope, Ct)).Count > 0);
            Assert.Equal(visible.Contains(id), await host.Store.FindByContentHashAsync(submission.Document.ContentHash, scope, Ct) is not null);
            // The rule the stores run as a query is the rule AccessScope states.
            Assert.Equal(visible.Contains(id), scope.CanSee(submission.Document.Metadata));
        }
    }
}

public sealed class EmbeddedAccessRuleBehaviour : AccessRuleBehaviour
{
    protected override Task<StoreHost> CreateHostAsync() => Task.FromResult(StoreHost.Create());
}

public sealed class InMemoryQdrantAccessRuleBehaviour : AccessRuleBehaviour
{
    protected override Task<StoreHost> CreateHostAsync() => Task.FromResult(QdrantHosts.InMemory(new InMemoryQdrant()));
}

/// <summary>Against a real Qdrant server at <c>QDRANT_URL</c>; skipped without one.</summary>
public sealed class QdrantAccessRuleBehaviour : AccessRuleBehaviour
{
    protected override Task<StoreHost> CreateHostAsync() => QdrantHosts.RealAsync();
}
