using System.Security.Cryptography;
using System.Text;
using KnowledgeBase.Model;
using KnowledgeBase.Security;

namespace KnowledgeBase.Tests.Stores;

/// <summary>
/// Five small documents covering every visibility case, written straight through <c>UpsertAsync</c> (no parsing), so the
/// store suite tests the store alone. Every first passage mentions 广西 or Guangxi, so one query reaches every document
/// and filters decide what comes back.
/// </summary>
public static class StoreCorpus
{
    public const string PartnerA = "智库甲";
    public const string PartnerB = "智库乙";

    public static readonly AccessScope Staff = AccessScope.Everything;
    public static readonly AccessScope Anonymous = AccessScope.PublicOnly;
    public static readonly AccessScope Member = new(SeesInternal: true, SeesEverything: false, Organisation: null);
    /// <summary>Partner A: sees public, and C which is restricted to it.</summary>
    public static readonly AccessScope PartnerAScope = new(false, false, PartnerA);
    /// <summary>Partner B: sees public, and its own pending upload D.</summary>
    public static readonly AccessScope PartnerBScope = new(false, false, PartnerB);

    /// <summary>The scope a theory names (theory data carries names, which xUnit can show and serialise).</summary>
    public static AccessScope Scope(string name) => name switch
    {
        nameof(Staff) => Staff,
        nameof(Anonymous) => Anonymous,
        nameof(Member) => Member,
        nameof(PartnerAScope) => PartnerAScope,
        nameof(PartnerBScope) => PartnerBScope,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such scope in StoreCorpus"),
    };

    /// <summary>Public, 2021, 崇左市政协, 研究报告, tags 边境贸易 + 开放.</summary>
    public static DocumentSubmission BorderTrade() => Make("dA", "崇左边境贸易发展报告",
        new DocumentMetadata { Organisation = "崇左市政协", Year = 2021, DocumentType = "研究报告", Tags = ["边境贸易", "开放"], Language = "zh" },
        "崇左市地处中越边境，边境贸易是广西经济的重要支柱。互市贸易区和口岸建设带动了沿边群众增收。",
        "凭祥口岸的跨境物流通道日益完善，冷链运输和果蔬进出口规模持续扩大。");

    /// <summary>Internal, 2023, 广西壮族自治区政协, 调研报告, tag 乡村振兴.</summary>
    public static DocumentSubmission RuralInternal() => Make("dB", "乡村振兴内部调研",
        new DocumentMetadata { Organisation = "广西壮族自治区政协", Year = 2023, DocumentType = "调研报告", Tags = ["乡村振兴"], Language = "zh", Visibility = Visibility.Internal },
        "广西甘蔗产业是乡村振兴的主导产业，糖料蔗良种覆盖率需要进一步提高。",
        "农村集体经济组织应当盘活闲置宅基地，发展民宿和乡村旅游。");

    /// <summary>Restricted to partner A, issued 2022-06-15, 广西社会科学院, 政策文件, tag 金融.</summary>
    public static DocumentSubmission FinanceRestricted() => Make("dC", "中小企业融资限阅材料",
        new DocumentMetadata { Organisation = "广西社会科学院", IssuedOn = new DateOnly(2022, 6, 15), DocumentType = "政策文件", Tags = ["金融"], Language = "zh", Visibility = Visibility.Restricted, SharedWith = [PartnerA] },
        "广西普惠金融支持中小企业融资，担保机构应降低反担保要求。");

    /// <summary>Public but pending review, uploaded by partner B, 2024, 建议, tag 生态.</summary>
    public static DocumentSubmission EcologyPending() => Make("dD", "伙伴智库待审稿件",
        new DocumentMetadata { Organisation = PartnerB, Year = 2024, DocumentType = "建议", Tags = ["生态"], Language = "zh", OwnerOrganisation = PartnerB, PendingReview = true },
        "广西左江流域生态保护需要建立跨区域横向生态补偿机制。");

    /// <summary>Public, English, 2019, Guangxi Academy, 研究报告, tag 开放.</summary>
    public static DocumentSubmission EnglishTrade() => Make("dE", "Border trade and ASEAN cooperation",
        new DocumentMetadata { Organisation = "Guangxi Academy", Year = 2019, DocumentType = "研究报告", Tags = ["开放"], Language = "en" },
        "Cross-border e-commerce between Guangxi and ASEAN countries grew rapidly after the free trade area upgrade.",
        "Logistics corridors and customs facilitation reduce the cost of trade at land ports.");

    public static IReadOnlyList<DocumentSubmission> All() => [BorderTrade(), RuralInternal(), FinanceRestricted(), EcologyPending(), EnglishTrade()];

    public static DocumentSubmission Make(string id, string title, DocumentMetadata metadata, params string[] passageTexts)
    {
        var pageText = string.Join("", passageTexts);
        var passages = new List<Passage>();
        var offset = 0;
        for (var i = 0; i < passageTexts.Length; i++)
        {
            passages.Add(new Passage(Passage.MakeId(id, i), id, i, 1, 1, offset, offset + passageTexts[i].Length, "一、概述", passageTexts[i]));
            offset += passageTexts[i].Length;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id + title + pageText)));
        var document = new DocumentRecord(id, title, $"/inbox/{id}.txt", hash, "text/plain", 1, passages.Count,
            metadata with { Title = title }, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        return new DocumentSubmission(document, [new DocumentPage(1, pageText)], passages);
    }
}
