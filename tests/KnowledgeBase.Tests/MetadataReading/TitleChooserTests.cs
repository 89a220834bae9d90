using KnowledgeBase.Ingestion.Metadata;

namespace KnowledgeBase.Tests.MetadataReading;

public sealed class TitleChooserTests
{
    private static string? Choose(string? title, string head, string fileName = "a_b.pdf") => TitleChooser.Choose(new DocumentHead(title, head, "", fileName));

    [Theory]
    [InlineData("（填写标准名称）")]
    [InlineData("目录Contents")]
    [InlineData("目 录")]
    [InlineData("本科毕业论文")]
    [InlineData("硕士学位论文")]
    [InlineData("Research Article")]
    [InlineData("测试符路桥区卫生局文件")]
    [InlineData("arxiv_2203.00274_tableformer")]
    [InlineData("119_123.indd")]
    public void Placeholders_labels_headers_and_slugs_are_no_titles(string title) => Assert.False(TitleChooser.IsUsable(title));

    [Theory]
    [InlineData("北京市乡村振兴促进条例")]
    [InlineData("TableFormer: Robust Transformer Modeling for Table-Text Encoding")]
    [InlineData("国务院关于印发国家职业教育改革实施方案的通知")]
    public void Real_titles_are_kept(string title) => Assert.Equal(title, Choose(title, "正文"));

    [Fact]
    public void Every_text_rule_finds_the_title_in_its_example()
    {
        foreach (var rule in TitleChooser.TextRules)
            Assert.True(Choose(null, rule.Example.Replace("\\n", "\n", StringComparison.Ordinal)) is { Length: > 1 }, $"rule {rule.Name} finds no title in {rule.Example}");
    }

    [Theory]
    [InlineData("14(I)\n12\n第一篇商品和货币\n史的事情。（3）为有用物的量找到社会尺度，也是这样。", "第一篇商品和货币")]
    [InlineData("- 3 -\n乡村振兴调研报告\n一、基本情况", "乡村振兴调研报告")]
    [InlineData("第 2 页\n边境贸易发展研究\n正文", "边境贸易发展研究")]
    public void A_scanned_page_s_running_head_is_passed_over_for_the_heading_under_it(string head, string title) =>
        Assert.Equal(title, Choose(null, head, "zh_scanned_8pages_ocr.pdf"));

    [Theory]
    [InlineData("14(I)")]
    [InlineData("12")]
    [InlineData("- 3 -")]
    [InlineData("第 2 页")]
    public void Page_furniture_is_no_title(string line) => Assert.False(TitleChooser.IsFirstLineTitle(line));

    [Fact]
    public void Past_a_few_lines_of_furniture_the_text_gives_no_title() =>
        Assert.Null(Choose(null, "1\n2\n3\n4\n乡村振兴调研报告", "a_b.pdf"));

    [Fact]
    public void A_thesis_cover_gives_the_labelled_title_not_the_genre() =>
        Assert.Equal("短的论文题目一行长的论文题目两行",
            Choose("本科毕业论文", "本科毕业论文\n学生姓名:\n论文题目:短的论文题目一行长的论文题目两行指导老师:学号: 20152100001"));

    [Fact]
    public void A_red_header_gives_way_to_the_official_title_under_it() =>
        Assert.Equal("关于同意张阿三同志辞职的批复",
            Choose("测试符路桥区卫生局文件", "测试符路桥区卫生局文件\n路卫发〔2011〕76号\n关于同意张阿三同志辞职的批复\n区中医院：你院……"));

    [Fact]
    public void An_official_title_set_over_two_lines_is_joined() =>
        Assert.Equal("国务院关于印发国家职业教育改革实施方案的通知",
            Choose(null, "国务院关于印发国家职业教育改革\n实施方案的通知\n国发〔2019〕4号"));

    [Fact]
    public void A_news_page_saved_as_text_takes_the_line_above_its_dateline() =>
        Assert.Equal("凝聚改革共识 汇聚改革力量——崇左市政协创新开展协商互动小记",
            Choose(null, "广西政协报新闻中心(广西政协报创办的权威新闻综合网站)\n当前位置:首页 > 议政建言 > 正文\n凝聚改革共识 汇聚改革力量——崇左市政协创新开展协商互动小记\n2024-08-08 | 来源:广西政协报\n正文",
                "chongzuo-cppcc-consultation-2024-08-08.txt"));

    [Fact]
    public void A_placeholder_gives_way_to_a_file_name_that_reads_as_a_title() =>
        Assert.Equal("行标编制说明（核电厂定期安全审查 第1部分：通用要求）",
            Choose("（填写标准名称）", "编制说明\n任务来源", "行标编制说明（核电厂定期安全审查 第1部分：通用要求）.docx"));

    [Fact]
    public void A_leading_genre_label_or_standard_code_is_cut()
    {
        Assert.Equal("The effects of AZD3582 on NSAID-enteropathy in the rat.", Choose("ResearchArticle The effects of AZD3582 on NSAID-enteropathy in the rat.", ""));
        Assert.Equal("核电厂定期安全评价 第1部分：通用要求", Choose("NB/T XXXX－20YY 核电厂定期安全评价 第1部分：通用要求", ""));
    }

    [Theory]
    // A contents page: no title in the text, so none (the caller shows the file name).
    [InlineData("目 录 Contents\n术语定义 Terms and Definitions ........ 1\n1")]
    // A credits page: a field, not a title.
    [InlineData("监制：中华人民共和国国务院侨务办公室")]
    // A page that starts mid-sentence.
    [InlineData("志的技术要求。\n1.4智能船舶附加标志")]
    [InlineData("第Ⅱ页共Ⅱ页")]
    public void Without_a_title_in_file_or_text_there_is_none(string head) => Assert.Null(Choose(null, head, "zh_en_battery_cell_datasheet_tables.pdf"));

    [Fact]
    public void A_short_first_line_titles_a_file_that_has_none() =>
        Assert.Equal("你好呀，OFD Reader&Writer！", Choose(null, "你好呀，OFD Reader&Writer！", "signed_hello_sesv4.ofd"));

    [Theory]
    [InlineData("北京市乡村振兴促进条例(2024-05-31).md", "北京市乡村振兴促进条例")]
    [InlineData("上海市外商投资企业审批条例.md", "上海市外商投资企业审批条例")]
    public void File_names_lose_their_date_suffix(string fileName, string expected) => Assert.Equal(expected, TitleChooser.FileNameTitle(fileName));
}
