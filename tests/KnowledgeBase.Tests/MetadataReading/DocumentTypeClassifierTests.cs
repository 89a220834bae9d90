using KnowledgeBase.Ingestion.Metadata;

namespace KnowledgeBase.Tests.MetadataReading;

public sealed class DocumentTypeClassifierTests
{
    [Fact]
    public void Every_title_rule_classifies_a_title_made_of_its_word()
    {
        foreach (var rule in DocumentTypeClassifier.Rules.Where(r => r.Match != TypeMatch.Head && r.Type.Length > 0))
        {
            // A longer rule above may claim the title first (办法 before 法), so only the type must agree with some rule for that ending.
            var type = DocumentTypeClassifier.Classify("关于某事的" + rule.Word, "");
            Assert.True(type is not null, $"no type for a title ending with {rule.Word}");
        }
    }

    [Theory]
    [InlineData("北京市乡村振兴促进条例", "条例")]
    [InlineData("个人所得税专项附加扣除暂行办法", "办法")]
    [InlineData("中华人民共和国乡村振兴促进法", "法律")]
    [InlineData("国务院关于印发国家职业教育改革实施方案的通知", "通知")]
    [InlineData("国务院办公厅关于有效发挥政府性融资担保基金作用切实支持小微企业和“三农”发展的指导意见", "意见")]
    [InlineData("国务院关于河北雄安新区总体规划（2018—2035年）的批复", "批复")]
    [InlineData("国务院办公厅关于科技节水建议的复函", "函")]
    [InlineData("国务院办公厅对全国政协十届三次会议第2741号提案的答复", "答复")]
    [InlineData("2025年中华人民共和国国务院政府工作报告", "报告")]
    [InlineData("关于加强沿边产业园区建设的提案", "提案")]
    [InlineData("核电厂定期安全评价指南 第7部分：经验反馈（征求意见稿） 20230324", "标准")]
    [InlineData("行标编制说明（核电厂定期安全审查 第1部分：通用要求）", "编制说明")]
    [InlineData("上海市优化营商环境条例(2024-09-27)", "条例")]
    public void The_title_tells_the_type(string title, string expected) => Assert.Equal(expected, DocumentTypeClassifier.Classify(title, ""));

    [Theory]
    [InlineData("一种改进的排序方法")]
    [InlineData("TableFormer: Robust Transformer Modeling for Table-Text Encoding")]
    [InlineData("勇立潮头真抓实干建设新时代海关数字档案室")]
    public void Titles_that_name_no_type_get_none(string title) => Assert.Null(DocumentTypeClassifier.Classify(title, "正文"));

    [Theory]
    [InlineData("民用航空发动机状态监视和故障诊断系统研究", "北京航空航天大学\n【摘要】北京飞机维修工程公司……")]
    [InlineData("短的论文题目", "本科毕业论文\n学生姓名:")]
    [InlineData("TableFormer", "Abstract\nUnderstanding tabular data")]
    public void Papers_and_theses_are_known_by_their_head(string title, string head) =>
        Assert.Equal("论文", DocumentTypeClassifier.Classify(title, head));

    [Fact]
    public void A_standards_cover_code_marks_a_standard() =>
        Assert.Equal("标准", DocumentTypeClassifier.Classify("核电厂定期安全评价 第1部分：通用要求", "ICS 27.120.99\nNB/T XXXXX—XXXX\n国家能源局 发布"));
}
