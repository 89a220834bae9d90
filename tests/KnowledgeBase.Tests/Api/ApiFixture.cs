using KnowledgeBase.Model;
using KnowledgeBase.Security;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// One API server shared by the API tests, with a key for each role and three seeded documents that share the words
/// 沿边产业园区 but differ in visibility. Each also carries a word only it contains, so leaks are easy to spot.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string PartnerA = "甲智库";
    public const string PartnerB = "乙智库";
    public const string PublicDoc = "seed-public";
    public const string InternalDoc = "seed-internal";
    public const string RestrictedDoc = "seed-restricted";
    /// <summary>Appears only in the internal document.</summary>
    public const string InternalSecret = "蓝莓计划";
    /// <summary>Appears only in the document restricted to partner A.</summary>
    public const string RestrictedSecret = "红杉项目";
    public const string InternalOrganisation = "全国政协办公厅";
    /// <summary>Upload size limit of the shared server (small, so the 413 test sends little).</summary>
    public const long MaxUploadBytes = 1024 * 1024;

    public ApiServer Server { get; private set; } = null!;
    public string Admin { get; private set; } = "";
    public string Staff { get; private set; } = "";
    public string Member { get; private set; } = "";
    public string PartnerAKey { get; private set; } = "";
    public string PartnerBKey { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Server = await ApiServer.StartAsync(new Dictionary<string, string>
        {
            ["KnowledgeBase:Api:MaxUploadBytes"] = MaxUploadBytes.ToString(),
            ["KnowledgeBase:Api:RequestsPerMinute"] = "100000",
            ["KnowledgeBase:Api:UploadsPerMinute"] = "1000",
            // Several tests present wrong keys on purpose, all from 127.0.0.1; the failure limit has its own test.
            ["KnowledgeBase:Api:FailedSignInsPerMinute"] = "100000",
        });
        Admin = await Server.CreateKeyAsync(ApiRole.Admin);
        Staff = await Server.CreateKeyAsync(ApiRole.Staff);
        Member = await Server.CreateKeyAsync(ApiRole.Member);
        PartnerAKey = await Server.CreateKeyAsync(ApiRole.Partner, PartnerA);
        PartnerBKey = await Server.CreateKeyAsync(ApiRole.Partner, PartnerB);

        await Server.SeedAsync(PublicDoc, "崇左市沿边产业园区建设情况",
            new DocumentMetadata { Organisation = "崇左市政协", Year = 2024, DocumentType = "政策文件", Tags = ["沿边", "园区"], Language = "zh", Visibility = Visibility.Public },
            "崇左市推进沿边产业园区建设，落实土地要素保障政策。园区实行招商引资优惠措施，企业入驻数量逐年增加。",
            "第二页：沿边产业园区的基础设施建设加快推进。");
        await Server.SeedAsync(InternalDoc, "关于沿边产业园区的内部建议",
            new DocumentMetadata { Organisation = InternalOrganisation, Year = 2023, DocumentType = "建议", Tags = ["内部"], Language = "zh", Visibility = Visibility.Internal },
            $"建议在沿边产业园区试行{InternalSecret}，扩大土地要素保障范围。此事仅供委员参阅。");
        await Server.SeedAsync(RestrictedDoc, "沿边产业园区合作研究（限定共享）",
            new DocumentMetadata { Organisation = "研究室", Year = 2022, DocumentType = "研究报告", Tags = ["合作"], Language = "zh", Visibility = Visibility.Restricted, SharedWith = [PartnerA] },
            $"与合作智库共同开展{RestrictedSecret}，研究沿边产业园区的发展路径。");
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    public HttpClient Anonymous() => Server.Client();
    public HttpClient As(string key) => Server.Client(key);
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "Api";
}
