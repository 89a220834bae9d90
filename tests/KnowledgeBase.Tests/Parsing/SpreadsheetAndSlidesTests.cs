using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using KnowledgeBase.Ingestion.Parsing;
using static KnowledgeBase.Tests.Parsing.ParsingFixtures;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace KnowledgeBase.Tests.Parsing;

public sealed class SpreadsheetAndSlidesTests
{
    [Fact]
    public void Each_visible_sheet_is_a_page_and_rows_carry_their_header()
    {
        var xlsx = Workbook(
            ("园区统计", false, [["园区", "面积（平方公里）", "设立日期"], ["凭祥", "12.5", "2021-03-01"], ["东兴", "", "2019-06-15"]]),
            ("隐藏表", true, [["秘密", "1"]]),
            ("数据", false, [["1", "2"], ["3", "4"]]));

        var document = Parse(new XlsxDocumentParser(), xlsx);

        Assert.Equal(2, document.Pages.Count);
        Assert.Equal("园区统计\n园区\t面积（平方公里）\t设立日期\n园区：凭祥；面积（平方公里）：12.5；设立日期：2021-03-01\n园区：东兴；设立日期：2019-06-15", document.Pages[0].Text);
        // No header row (numbers only): rows stay as cells.
        Assert.Equal("数据\n1\t2\n3\t4", document.Pages[1].Text);
        Assert.Equal([(1, "园区统计"), (2, "数据")], document.Headings.Select(h => (h.Page, h.Text)));
        Assert.DoesNotContain("秘密", AllText(document));
    }

    [Fact]
    public void Slides_are_pages_in_show_order_with_title_body_table_and_notes()
    {
        var pptx = Presentation(
            ("沿边产业园区建设", "土地要素保障是关键。", "请重点介绍凭祥的经验。"),
            ("招商引资", "优惠政策逐年完善。", null));

        var document = Parse(new PptxDocumentParser(), pptx);

        Assert.Equal(2, document.Pages.Count);
        Assert.Equal("沿边产业园区建设\n土地要素保障是关键。\n备注：请重点介绍凭祥的经验。", document.Pages[0].Text);
        Assert.Equal("招商引资\n优惠政策逐年完善。", document.Pages[1].Text);
        Assert.Equal([(1, "沿边产业园区建设"), (2, "招商引资")], document.Headings.Select(h => (h.Page, h.Text)));
        Assert.Equal("沿边产业园区建设", document.Title);
    }

    [Fact]
    public void Broken_workbooks_fail_as_corrupt()
    {
        var xlsx = Workbook(("表", false, [["a"]]));
        Assert.Equal(FailureKind.Corrupt, Assert.Throws<UnreadableDocumentException>(() => Parse(new XlsxDocumentParser(), xlsx[..(xlsx.Length / 2)])).Kind);
    }

    private static byte[] Workbook(params (string Name, bool Hidden, string[][] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            // Style 1 shows a date (built-in number format 14).
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            uint id = 1;
            foreach (var (name, hidden, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < rows.Length; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        var value = rows[r][c];
                        if (value.Length == 0) continue;
                        var reference = $"{(char)('A' + c)}{r + 1}";
                        if (DateTime.TryParseExact(value, "yyyy-MM-dd", null, System.Globalization.DateTimeStyles.None, out var date))
                            row.Append(new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(date.ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture)) });
                        else if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                            row.Append(new Cell { CellReference = reference, CellValue = new CellValue(value) });
                        else
                            row.Append(new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(value)) });
                    }
                    data.Append(row);
                }
                part.Worksheet = new Worksheet(data);
                workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name, State = hidden ? SheetStateValues.Hidden : null });
            }
        }
        return stream.ToArray();
    }

    private static byte[] Presentation(params (string Title, string Body, string? Notes)[] slides)
    {
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            presentation.Presentation = new P.Presentation(new P.SlideIdList());
            uint id = 256;
            foreach (var (title, body, notes) in slides)
            {
                var slide = presentation.AddNewPart<SlidePart>();
                // The body shape is listed first but sits lower on the slide: reading order follows position.
                slide.Slide = new P.Slide(new P.CommonSlideData(new P.ShapeTree(
                    new P.NonVisualGroupShapeProperties(new P.NonVisualDrawingProperties { Id = 1, Name = "" }, new P.NonVisualGroupShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
                    new P.GroupShapeProperties(),
                    TextShape(3, body, null, 2000000),
                    TextShape(2, title, P.PlaceholderValues.Title, 500000))));
                if (notes is not null)
                {
                    var notesPart = slide.AddNewPart<NotesSlidePart>();
                    notesPart.NotesSlide = new P.NotesSlide(new P.CommonSlideData(new P.ShapeTree(
                        new P.NonVisualGroupShapeProperties(new P.NonVisualDrawingProperties { Id = 1, Name = "" }, new P.NonVisualGroupShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
                        new P.GroupShapeProperties(),
                        TextShape(2, notes, P.PlaceholderValues.Body, 0))));
                }
                presentation.Presentation.SlideIdList!.Append(new P.SlideId { Id = id++, RelationshipId = presentation.GetIdOfPart(slide) });
            }
        }
        return stream.ToArray();
    }

    private static P.Shape TextShape(uint id, string text, P.PlaceholderValues? placeholder, long top)
    {
        var application = new P.ApplicationNonVisualDrawingProperties();
        if (placeholder is { } type) application.Append(new P.PlaceholderShape { Type = type });
        return new P.Shape(
            new P.NonVisualShapeProperties(new P.NonVisualDrawingProperties { Id = id, Name = $"s{id}" }, new P.NonVisualShapeDrawingProperties(), application),
            new P.ShapeProperties(new A.Transform2D(new A.Offset { X = 100000, Y = top }, new A.Extents { Cx = 5000000, Cy = 500000 })),
            new P.TextBody(new A.BodyProperties(), new A.ListStyle(), new A.Paragraph(new A.Run(new A.Text(text)))));
    }
}
