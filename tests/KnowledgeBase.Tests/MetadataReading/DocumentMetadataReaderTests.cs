using KnowledgeBase.Ingestion.Metadata;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Ingestion.Pipeline;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.MetadataReading;

public sealed class DocumentMetadataReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Regulation = "# 北京市乡村振兴促进条例\n\n2024年5月31日 北京市第十六届人民代表大会常务委员会第十次会议通过\n\n<!-- INFO END -->\n\n\u200b\n\n## 第一章 总 则\n\n第一条 为了全面实施乡村振兴战略，促进乡村产业、人才、文化、生态、组织振兴，加快实现农业农村现代化，制定本条例。\n\n第二条 本市乡村振兴促进工作坚持党委统一领导，健全市负总责、区和乡镇抓落实的工作机制，实行乡村振兴责任制。\n";

    [Fact]
    public void The_text_completes_what_the_parser_found()
    {
        var parsed = new ParsedDocument([new DocumentPage(1, "测试符路桥区卫生局文件\n路卫发〔2011〕76号\n关于同意张阿三同志辞职的批复\n区中医院：你院请示收悉。\n路桥区卫生局办公室2011年3月10日印发")],
            [], Title: "测试符路桥区卫生局文件", Year: 2020);
        var completed = DocumentMetadataReader.Complete(parsed, "n.ofd");
        Assert.Equal("关于同意张阿三同志辞职的批复", completed.Title);
        Assert.Equal(new DateOnly(2011, 3, 10), completed.IssuedOn);
        // The file's creation year (2020) gives way to the date the document states.
        Assert.Equal(2011, completed.Year);
        Assert.Equal("测试符路桥区卫生局", completed.Organisation);
        Assert.Equal("批复", completed.DocumentType);
    }

    [Fact]
    public void What_the_parser_read_from_the_files_structure_wins()
    {
        var parsed = new ParsedDocument([new DocumentPage(1, "国务院\n2019年1月24日")], [], Title: "国务院关于印发国家职业教育改革实施方案的通知",
            IssuedOn: new DateOnly(2019, 1, 20), Organisation: "国务院");
        var completed = DocumentMetadataReader.Complete(parsed, "SC03.html");
        Assert.Equal(new DateOnly(2019, 1, 20), completed.IssuedOn);
        Assert.Equal("国务院", completed.Organisation);
    }

    [Theory]
    [InlineData("国办发〔2018〕15号\n各省：", "国务院办公厅关于2019年部分节假日安排的通知", 2018)]
    [InlineData("第9卷1994年\n第4期10月\n航空动力学报", "民用航空发动机状态监视和故障诊断系统研究", 1994)]
    [InlineData("编制说明\n（2023年3月）\n任务来源", "编制说明", 2023)]
    [InlineData("各位代表：", "2025年中华人民共和国国务院政府工作报告", 2025)]
    [InlineData("各位代表：", "国务院关于河北雄安新区总体规划（2018—2035年）的批复", 2016)]
    public void Without_a_full_date_the_year_comes_from_number_head_or_title_before_the_files_own(string text, string title, int expected)
    {
        var completed = DocumentMetadataReader.Complete(new ParsedDocument([new DocumentPage(1, text)], [], Title: title, Year: 2016), "a.pdf");
        Assert.Equal(expected, completed.Year);
    }

    [Fact]
    public async Task An_ingested_regulation_carries_its_date_body_and_type_into_the_facets()
    {
        var data = TestServices.TempDirectory();
        await using var services = TestServices.Create(data);
        var pipeline = services.GetRequiredService<IngestPipeline>();
        var outcome = await pipeline.IngestAsync("/corpus/北京市乡村振兴促进条例(2024-05-31).md", "北京市乡村振兴促进条例(2024-05-31).md",
            System.Text.Encoding.UTF8.GetBytes(Regulation), null, null, Ct);
        Assert.Equal(IngestStatus.Ingested, outcome.Status);

        var document = await services.GetRequiredService<IKnowledgeStore>().GetDocumentAsync(outcome.DocumentId!, AccessScope.Everything, Ct);
        Assert.Equal("北京市乡村振兴促进条例", document!.Title);
        Assert.Equal(new DateOnly(2024, 5, 31), document.Metadata.IssuedOn);
        Assert.Equal(2024, document.Metadata.Year);
        Assert.Equal("北京市人民代表大会常务委员会", document.Metadata.Organisation);
        Assert.Equal("条例", document.Metadata.DocumentType);

        var catalog = ActivatorUtilities.CreateInstance<SqliteDocumentCatalog>(services);
        var facets = await catalog.FacetsAsync(new SearchFilter(AccessScope.Everything), null, Ct);
        Assert.Contains(facets.Organisations, f => f.Value == "北京市人民代表大会常务委员会" && f.Count == 1);
        Assert.Contains(facets.Types, f => f.Value == "条例");
        Assert.Contains(facets.Years, f => f.Value == "2024");

        // The title and date before chapter one do not stand alone as a passage.
        var passages = await services.GetRequiredService<IKnowledgeStore>().GetPassagesAsync(outcome.DocumentId!, AccessScope.Everything, Ct);
        Assert.All(passages, p => Assert.Contains("第一条", p.Text, StringComparison.Ordinal));
    }
}
