using System.Net;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Qdrant;
using KnowledgeBase.Tests.Api;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Qdrant.Client.Grpc;
using static KnowledgeBase.Tests.Stores.QdrantRequestMappingTests;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// The real API host (Kestrel on a loopback port, the in-process ingest worker, real PDF parsing) started with
/// <c>KnowledgeBase:Store=Qdrant</c>, its Qdrant client talking to <see cref="InMemoryQdrant"/> instead of a server.
/// It proves the wiring: the host resolves the Qdrant store, catalog, review and term statistics; an upload, the
/// document list, facets, "similar", approval and English query translation all go to Qdrant with the caller's access
/// filter inside the requests; and nothing is written to the SQLite <c>documents</c> table. It cannot prove Qdrant's
/// own behaviour, and its ranking not at all: the fake scores by a plain dot product, so this test never checks an order.
/// </summary>
public sealed class QdrantModeApiTests
{
    private const string PartnerA = "甲智库";
    private const string AnonymousAccess = "{should[{must[pending_review=False {should[visibility=public]}]}]}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_Store_Qdrant_the_api_lists_facets_finds_similar_and_approves_through_qdrant()
    {
        var qdrant = new InMemoryQdrant();
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string>
        {
            ["KnowledgeBase:Store"] = "Qdrant",
            ["KnowledgeBase:Qdrant:Collection"] = "kb_api",
            ["KnowledgeBase:Api:RequestsPerMinute"] = "100000",
        }, builder => builder.Services.Replace(ServiceDescriptor.Singleton(qdrant.Client)));

        Assert.IsType<QdrantKnowledgeStore>(server.Services.GetRequiredService<IKnowledgeStore>());
        Assert.IsType<QdrantDocumentCatalog>(server.Services.GetRequiredService<IDocumentCatalog>());
        Assert.IsType<QdrantDocumentReview>(server.Services.GetRequiredService<IDocumentReview>());
        Assert.IsType<QdrantTermStatistics>(server.Services.GetRequiredService<ITermStatistics>());

        await server.SeedAsync("seed-public", "崇左市沿边产业园区建设情况",
            new DocumentMetadata { Organisation = "崇左市政协", Year = 2024, DocumentType = "政策文件", Tags = ["园区"], Language = "zh" },
            "崇左市推进沿边产业园区建设，落实土地要素保障政策。");
        using var staff = server.Client(await server.CreateKeyAsync(ApiRole.Staff));
        using var partner = server.Client(await server.CreateKeyAsync(ApiRole.Partner, PartnerA));
        using var anonymous = server.Client();

        // A partner upload goes through the in-process worker into Qdrant and waits for review.
        var pdf = TestPdfs.Make("A partner study of the wallaby survey on border industrial parks and land supply.");
        using var upload = await ApiServer.UploadAsync(partner, pdf, "study.pdf", new Dictionary<string, string> { ["title"] = "Wallaby survey", ["visibility"] = "public" });
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var job = await ApiServer.WaitForJobAsync(partner, (string)(await upload.ReadJsonAsync())["jobId"]!);
        Assert.True(job.State == "done", job.Error);
        var id = job.DocumentId!;
        Assert.Equal(2, qdrant.CountKind("document"));

        Assert.Equal(["seed-public"], Listed(await anonymous.GetJsonAsync("/api/documents")));
        Assert.Equal([id, "seed-public"], Listed(await partner.GetJsonAsync("/api/documents")).Order(StringComparer.Ordinal));
        Assert.Contains(ListFilters(qdrant), f => f == $"{{must[kind=document {AnonymousAccess}]}}");

        var anonymousSearch = await anonymous.SearchAsync("wallaby");
        Assert.Empty(anonymousSearch.DocumentIds());
        Assert.Equal(0, (int)anonymousSearch["facets"]!["documents"]!);
        var partnerSearch = await partner.SearchAsync("wallaby");
        Assert.Equal([id], partnerSearch.DocumentIds());
        Assert.Equal(1, (int)partnerSearch["facets"]!["documents"]!);
        Assert.Contains(qdrant.Invoker.Requests<FacetCounts>(), f => f.Key == "document_id" && Describe(f.Filter).Contains(AnonymousAccess));

        var passage = (string)(await partner.GetJsonAsync($"/api/documents/{id}"))["passages"]![0]!["id"]!;
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/passages/{passage}/similar", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/api/passages/{passage}/similar", Ct)).StatusCode);
        Assert.Contains(qdrant.Invoker.Requests<ScrollPoints>(), s => Describe(s.Filter) == $"{{must[kind=passage {AnonymousAccess} has_id({PointIds.Passage(passage)})]}}");

        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync($"/api/documents/{id}/approve", null, Ct)).StatusCode);
        Assert.Single(qdrant.Invoker.Requests<SetPayloadPoints>());
        Assert.Equal([id, "seed-public"], Listed(await anonymous.GetJsonAsync("/api/documents")).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/passages/{passage}/similar", Ct)).StatusCode);
        Assert.Equal(1, (int)(await anonymous.SearchAsync("wallaby"))["facets"]!["documents"]!);

        // An English query over Chinese text: its renderings are chosen with counts Qdrant answers from the term arrays.
        var before = qdrant.Invoker.Requests<CountPoints>().Count;
        await anonymous.SearchAsync("border industrial park policy");
        Assert.Contains(qdrant.Invoker.Requests<CountPoints>().Skip(before), c => Describe(c.Filter).Contains("word_terms="));

        Assert.Equal(0, SqliteDocumentRows(server.DataDirectory));
    }

    private static string[] Listed(System.Text.Json.Nodes.JsonNode list) =>
        list["documents"]!.AsArray().Select(d => (string)d!["id"]!).ToArray();

    private static IEnumerable<string> ListFilters(InMemoryQdrant qdrant) =>
        qdrant.Invoker.Requests<ScrollPoints>().Where(s => s.OrderBy is not null).Select(s => Describe(s.Filter));

    /// <summary>Rows in the embedded store's <c>documents</c> table (0 when the table does not exist).</summary>
    private static long SqliteDocumentRows(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "knowledge.db");
        if (!File.Exists(path)) return 0;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'documents'";
        if ((long)exists.ExecuteScalar()! == 0) return 0;
        using var rows = connection.CreateCommand();
        rows.CommandText = "SELECT count(*) FROM documents";
        return (long)rows.ExecuteScalar()!;
    }
}
