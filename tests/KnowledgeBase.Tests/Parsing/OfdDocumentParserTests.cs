using System.IO.Compression;
using System.Text;
using KnowledgeBase.Ingestion.Parsing;
using static KnowledgeBase.Tests.Parsing.OfdBuilder;
using static KnowledgeBase.Tests.Parsing.ParsingFixtures;

namespace KnowledgeBase.Tests.Parsing;

public sealed class OfdDocumentParserTests
{
    private readonly OfdDocumentParser _parser = new();

    [Fact]
    public void Official_reply_reads_in_order_with_its_pages_and_without_page_numbers()
    {
        var document = Parse(_parser, Read("luqiao_health_bureau_reply_2011.ofd"), "luqiao_health_bureau_reply_2011.ofd");

        Assert.Equal(2, document.Pages.Count);
        var first = document.Pages[0].Text;
        // Header, document number, title, addressee and body, in the order a reader reads them; lines of one paragraph joined.
        var order = new[] { "测试符路桥区卫生局文件", "路卫发〔2011〕76号", "关于同意张阿三同志辞职的批复", "区中医院：", "你院《关于给张阿三同志辞职的请示》", "经研究，同意张阿三同志辞职。" };
        var positions = order.Select(s => first.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, first));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("张阿三，男，1978年2月出生，籍贯江西新建，2001年9月参加工作", first);
        // "— 1 —" and "— 2 —" are page numbers, not text.
        Assert.DoesNotContain("— 1 —", first);
        Assert.DoesNotContain("— 2 —", document.Pages[1].Text);
        Assert.Contains("2011年3月10日印发", document.Pages[1].Text);
        // DocInfo's author is the producing software, not an author; the creation date is the conversion's.
        Assert.Null(document.Author);
        Assert.Equal(2020, document.Year);
    }

    [Fact]
    public void A_namespace_other_than_the_standards_reads_the_same()
    {
        var document = Parse(_parser, Read("namespace_no_prefix.ofd"));
        Assert.Equal("你好呀，OFD Reader&Writer！", document.Pages.Single().Text);
    }

    [Fact]
    public void A_signed_document_reads_its_text_and_ignores_the_seal()
    {
        var document = Parse(_parser, Read("signed_hello_sesv4.ofd"));
        Assert.Equal("你好呀，OFD Reader&Writer！", document.Pages.Single().Text);
    }

    [Fact]
    public void Pages_come_in_the_order_the_document_lists_them()
    {
        var document = Parse(_parser, Read("classical_poems_11pages.ofd"));
        Assert.Equal(11, document.Pages.Count);
        Assert.Contains("一日不见兮，思之如狂。――《凤求凰·琴歌》", document.Pages[0].Text);
        Assert.Contains("十年生死两茫茫，不思量，自难忘。――《江城子》", document.Pages[0].Text);
        Assert.All(document.Pages, p => Assert.False(string.IsNullOrWhiteSpace(p.Text)));
    }

    [Fact]
    public void Page_order_is_the_documents_not_the_file_names()
    {
        var builder = new OfdBuilder();
        builder.AddPage(Content(TextObject(20, 20, "第一页的内容")));
        builder.AddPage(Content(TextObject(20, 20, "第二页的内容")));
        var ofd = builder.Build();
        // Swap the two page entries in Document.xml: the second listed file is now page 1.
        var swapped = Rewrite(ofd, "Doc_0/Document.xml", xml => xml.Replace("Pages/Page_0/", "Pages/TMP/").Replace("Pages/Page_1/", "Pages/Page_0/").Replace("Pages/TMP/", "Pages/Page_1/"));

        var document = Parse(_parser, swapped);
        Assert.Equal(["第二页的内容", "第一页的内容"], document.Pages.Select(p => p.Text));
    }

    [Fact]
    public void Form_templates_belong_to_the_page_and_fields_sit_beside_their_labels()
    {
        var path = SharedFile("ofd/construction_permit_form.ofd");
        var document = Parse(_parser, File.ReadAllBytes(path));
        var text = AllText(document);
        // The labels live in a template, the filled-in values on the page.
        Assert.Contains("中华人民共和国", text);
        Assert.Contains("建筑工程施工许可证", text);
        Assert.Contains("某某省住房和城乡建设厅", text);
        Assert.Contains("中华建设有限公司", text);
    }

    [Fact]
    public void Text_held_in_composite_units_is_read_with_its_page()
    {
        var path = SharedFile("ofd/customs_digital_archives_article_2019.ofd");
        var document = Parse(_parser, File.ReadAllBytes(path));
        Assert.Equal(3, document.Pages.Count);
        Assert.Contains("档案", document.Pages[0].Text);
        Assert.All(document.Pages, p => Assert.True(p.Text.Length > 500, $"page {p.Number}: {p.Text.Length} characters"));
    }

    [Fact]
    public void Two_columns_are_read_column_by_column()
    {
        var left = Enumerable.Range(0, 12).Select(i => TextObject(20, 40 + i * 6, $"左栏第{i:D2}行边境贸易", size: 4, step: 4)).ToArray();
        var right = Enumerable.Range(0, 12).Select(i => TextObject(110, 40 + i * 6, $"右栏第{i:D2}行口岸建设", size: 4, step: 4)).ToArray();
        var builder = new OfdBuilder();
        // Drawn row by row across both columns, as a careless producer would.
        builder.AddPage(Content(left.Zip(right, (l, r) => l + r).ToArray()));

        var text = Parse(_parser, builder.Build()).Pages.Single().Text;
        Assert.True(text.IndexOf("左栏第11行", StringComparison.Ordinal) < text.IndexOf("右栏第00行", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Transforms_repeats_and_annotations_place_text_where_it_is_drawn()
    {
        var builder = new OfdBuilder();
        var unit = $"<ofd:Res xmlns:ofd=\"{Ns}\"><ofd:CompositeGraphicUnits><ofd:CompositeGraphicUnit ID=\"50\" Width=\"100\" Height=\"20\"><ofd:Content>{TextObject(0, 0, "复合对象里的文字", size: 10, step: 10)}</ofd:Content></ofd:CompositeGraphicUnit></ofd:CompositeGraphicUnits></ofd:Res>";
        builder.Part("Doc_0/DocumentRes.xml", unit).CommonData("<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>");
        var id = builder.AddPage(Content(
            TextObject(20, 20, "页面上方的标题"),
            // Drawn at half size: 10 mm units under a 0.5 CTM.
            "<ofd:CompositeObject ID=\"9\" Boundary=\"20 60 50 10\" CTM=\"0.5 0 0 0.5 0 0\" ResourceID=\"50\"/>"));
        builder.DocumentElement("<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>")
            .Part("Doc_0/Annots/Annotations.xml", $"<ofd:Annotations xmlns:ofd=\"{Ns}\"><ofd:Page PageID=\"{id}\"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>")
            .Part("Doc_0/Annots/Page_0/Annotation.xml", $"<ofd:PageAnnot xmlns:ofd=\"{Ns}\">" +
                $"<ofd:Annot Type=\"Stamp\"><ofd:Appearance Boundary=\"20 100 100 20\">{TextObject(0, 0, "批注文字在页面下方")}</ofd:Appearance></ofd:Annot>" +
                $"<ofd:Annot Type=\"Watermark\"><ofd:Appearance Boundary=\"20 150 100 20\">{TextObject(0, 0, "水印不是正文")}</ofd:Appearance></ofd:Annot></ofd:PageAnnot>");

        var text = Parse(_parser, builder.Build()).Pages.Single().Text;
        var order = new[] { "页面上方的标题", "复合对象里的文字", "批注文字在页面下方" }.Select(s => text.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.All(order, p => Assert.True(p >= 0, text));
        Assert.Equal(order.Order(), order);
        Assert.DoesNotContain("水印", text);
    }

    [Fact]
    public void A_DTD_is_refused_as_unsafe_without_resolving_it()
    {
        var builder = new OfdBuilder();
        builder.AddPage(Content(TextObject(20, 20, "正文")));
        var ofd = Rewrite(builder.Build(), "OFD.xml", xml => xml.Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE ofd:OFD [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>").Replace("<ofd:DocID>test</ofd:DocID>", "<ofd:Title>&xxe;</ofd:Title>"));

        var e = Assert.Throws<UnreadableDocumentException>(() => Parse(_parser, ofd));
        Assert.Equal(FailureKind.Unsafe, e.Kind);
        Assert.Contains("DTD", e.Message);
    }

    [Fact]
    public void A_zip_bomb_is_refused_before_inflating()
    {
        using var package = new MemoryStream();
        using (var zip = new ZipArchive(package, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("OFD.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 300; i++) entry.Write(zeros);
        }
        var e = Assert.Throws<UnreadableDocumentException>(() => Parse(_parser, package.ToArray()));
        Assert.Equal(FailureKind.Unsafe, e.Kind);
    }

    [Fact]
    public void Broken_packages_fail_with_the_part_that_is_missing()
    {
        var noEntry = new MemoryStream();
        using (var zip = new ZipArchive(noEntry, ZipArchiveMode.Create, leaveOpen: true)) zip.CreateEntry("Doc_0/Document.xml");
        var e = Assert.Throws<UnreadableDocumentException>(() => Parse(_parser, noEntry.ToArray()));
        Assert.Equal(FailureKind.Corrupt, e.Kind);
        Assert.Contains("OFD.xml", e.Message);

        var truncated = Read("namespace_no_prefix.ofd")[..700];
        Assert.Equal(FailureKind.Corrupt, Assert.Throws<UnreadableDocumentException>(() => Parse(_parser, truncated)).Kind);

        // One page whose part is missing costs that page only.
        var builder = new OfdBuilder();
        builder.AddPage(Content(TextObject(20, 20, "第一页")));
        builder.AddPage(Content(TextObject(20, 20, "第二页")));
        var missingPage = Rewrite(builder.Build(), "Doc_0/Document.xml", xml => xml.Replace("Pages/Page_1/", "Pages/Nowhere/"));
        var document = Parse(_parser, missingPage);
        Assert.Equal(["第一页", ""], document.Pages.Select(p => p.Text));
    }

    [Fact]
    public void Doc_info_gives_title_author_and_the_fallback_year()
    {
        var builder = new OfdBuilder().DocInfo("<ofd:Title>沿边产业园区建设方案</ofd:Title><ofd:Author>崇左市政协</ofd:Author><ofd:CreationDate>2024-08-08</ofd:CreationDate>");
        builder.AddPage(Content(TextObject(20, 20, "正文第一段。")));
        var document = Parse(_parser, builder.Build());
        Assert.Equal(("沿边产业园区建设方案", "崇左市政协", 2024), (document.Title, document.Author, document.Year));
    }

    [Theory]
    [InlineData("g 4 2.1 4.2", new[] { 2.1, 2.1, 2.1, 2.1, 4.2 })]
    [InlineData("1 2 g 2 3", new[] { 1.0, 2, 3, 3 })]
    [InlineData("", new double[0])]
    [InlineData("x 1", new[] { 1.0 })]
    public void Delta_arrays_expand_their_repeats(string value, double[] expected) =>
        Assert.Equal(expected, OfdDeltas.Parse(value));

    private static byte[] Rewrite(byte[] ofd, string part, Func<string, string> change)
    {
        using var input = new MemoryStream(ofd);
        using var output = new MemoryStream();
        using (var source = new ZipArchive(input, ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                var text = reader.ReadToEnd();
                using var writer = target.CreateEntry(entry.FullName).Open();
                writer.Write(Encoding.UTF8.GetBytes(entry.FullName == part ? change(text) : text));
            }
        }
        return output.ToArray();
    }
}
