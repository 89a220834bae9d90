// Builds the OCR test fixtures in tests/KnowledgeBase.Tests/Fixtures/Ocr from text written for them (no third-party
// content): page images drawn with Noto CJK (Debian fonts-noto-cjk) and wrapped in PDFs the way scanners write them.
// Also needs DejaVu Sans (fonts-dejavu-core) for the mojibake line. Run from the repository root:  dotnet run tools/ocr-fixtures/make-fixtures.cs
// The output is committed; tests read it and need neither the fonts nor this script.
#:property ManagePackageVersionsCentrally=false
#:property PublishAot=false
#:package SkiaSharp@4.155.0
#:package SkiaSharp.NativeAssets.Linux.NoDependencies@4.155.0
#:package PdfPig@0.1.16

using SkiaSharp;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

const string FontFile = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
const int SimplifiedChineseFace = 2; // the .ttc holds JP, KR, SC, TC, HK
const int Dpi = 150;
const double A4Width = 595, A4Height = 842;

var output = Path.Combine("tests", "KnowledgeBase.Tests", "Fixtures", "Ocr");
Directory.CreateDirectory(output);
using var typeface = SKFontManager.Default.CreateTypeface(FontFile, SimplifiedChineseFace)
    ?? throw new FileNotFoundException("install Debian's fonts-noto-cjk", FontFile);

string[] title = ["沿边产业园区建设调研报告"];
string[] left =
[
    "沿边产业园区是边境地区对外开放的重要平台。近年来，各地依托口岸优势，引进加工贸易企业，带动了当地就业和财政收入的增长。",
    "调研发现，园区普遍存在用地指标不足、配套设施滞后、专业人才缺乏等问题，制约了项目落地的速度。",
];
string[] right =
[
    "建议在国家层面统筹安排土地要素保障，对符合条件的园区给予专项用地指标，并支持建设标准厂房和仓储设施。",
    "同时完善跨境金融服务，鼓励银行机构开展本币结算业务，降低企业汇率风险，提高通关便利化水平。",
];
string[] second =
[
    "第二部分 数据与方法",
    "本报告使用二〇二三年园区统计年报的数据，共涉及十二个园区和三百四十家企业。调研组先后赴六个边境县市，召开座谈会十八场，走访企业九十余家。",
    "问卷调查面向园区管理人员和企业负责人，共发放问卷五百份，收回有效问卷四百三十六份，有效率为百分之八十七。",
    "扫描件第二页的专用检索句：边境口岸物流枢纽年吞吐量达到一千二百万吨。",
    "分析方法包括描述统计、分组比较和典型案例剖析。对于数据缺失的园区，采用相邻年度数据进行补充，并在正文中加以说明。",
    "以上数据经过各园区管理委员会核对，误差控制在百分之二以内。",
];

// Page 1: a title over two columns, delivered as eight horizontal strips (PNG), as some scanners tile a page.
var page1 = DrawPage(canvas =>
{
    DrawCentred(canvas, title[0], 30, 130);
    var y = 230f;
    foreach (var p in left) y = DrawParagraph(canvas, p, 18, 120, y, 17) + 22;
    y = 230f;
    foreach (var p in right) y = DrawParagraph(canvas, p, 18, 650, y, 17) + 22;
    DrawCentred(canvas, "1", 16, 1680);
});
// Page 2: one column, one JPEG for the whole page.
var page2 = DrawPage(canvas =>
{
    var y = 160f;
    y = DrawParagraph(canvas, second[0], 24, 120, y, 40) + 30;
    foreach (var p in second.Skip(1)) y = DrawParagraph(canvas, p, 18, 120, y, 36) + 22;
    DrawCentred(canvas, "2", 16, 1680);
});

var scan = new PdfDocumentBuilder();
var first = scan.AddPage(A4Width, A4Height);
const int Strips = 8;
for (var i = 0; i < Strips; i++)
{
    var top = page1.Height * i / Strips;
    var bottom = page1.Height * (i + 1) / Strips;
    using var strip = new SKBitmap(new SKImageInfo(page1.Width, bottom - top, SKColorType.Gray8, SKAlphaType.Opaque));
    page1.ExtractSubset(strip, new SKRectI(0, top, page1.Width, bottom));
    using var png = SKImage.FromBitmap(strip).Encode(SKEncodedImageFormat.Png, 100);
    var yTop = A4Height - top * 72.0 / Dpi;
    var yBottom = A4Height - bottom * 72.0 / Dpi;
    first.AddPng(png.ToArray(), new PdfRectangle(0, yBottom, A4Width, yTop));
}
var secondPage = scan.AddPage(A4Width, A4Height);
using (var jpeg = SKImage.FromBitmap(page2).Encode(SKEncodedImageFormat.Jpeg, 85))
    secondPage.AddJpeg(jpeg.ToArray(), new PdfRectangle(0, 0, A4Width, A4Height));
File.WriteAllBytes(Path.Combine(output, "scan-two-columns.pdf"), scan.Build());
File.WriteAllText(Path.Combine(output, "scan-two-columns.txt"),
    string.Join("\n", title.Concat(left).Concat(right).Append("1")) + "\f" + string.Join("\n", second.Append("2")) + "\n");

// A page whose text layer is mojibake (what a broken ToUnicode map yields) over a picture of the real text: the text
// layer fails the garbage test, and only a rendering of the page shows what a reader sees.
var garbledText = "会议纪要经主任会议审议通过，现予印发，请结合实际认真贯彻执行。";
using (var picture = new SKBitmap(new SKImageInfo(1100, 260, SKColorType.Gray8, SKAlphaType.Opaque)))
{
    using (var canvas = new SKCanvas(picture))
    {
        canvas.Clear(SKColors.White);
        DrawParagraph(canvas, garbledText, 20, 30, 40, 40);
    }
    var garbled = new PdfDocumentBuilder();
    var font = garbled.AddTrueTypeFont(File.ReadAllBytes("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"));
    var page = garbled.AddPage(A4Width, A4Height);
    using var jpeg = SKImage.FromBitmap(picture).Encode(SKEncodedImageFormat.Jpeg, 90);
    page.AddJpeg(jpeg.ToArray(), new PdfRectangle(40, 600, 40 + 1100 * 72.0 / Dpi, 600 + 260 * 72.0 / Dpi));
    string[] junk = ["êÆ#(¯K ë±: +¡) 1çK.", "z1 , z2 , z3 ´ü Eê. y²ö3ü", "éè (2016.06) ñ±: +¡) ¯Kµ", "åø¼ßçö Æø¸ä ºé ½¨éè ¹¤ü÷"];
    var at = 520.0;
    foreach (var line in junk)
    {
        page.AddText(line, 11, new PdfPoint(60, at), font);
        at -= 18;
    }
    File.WriteAllBytes(Path.Combine(output, "garbled-text-layer.pdf"), garbled.Build());
    File.WriteAllText(Path.Combine(output, "garbled-text-layer.txt"), garbledText + "\n");
}

// Vertical text (竖排): four columns read top to bottom, right to left.
string[] columns = ["政协委员深入基层", "听取群众意见建议", "形成调研报告四篇", "提交全体会议审议"];
using (var vertical = new SKBitmap(new SKImageInfo(680, 640, SKColorType.Gray8, SKAlphaType.Opaque)))
{
    using (var canvas = new SKCanvas(vertical))
    {
        canvas.Clear(SKColors.White);
        using var font = new SKFont(typeface, 48);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (var c = 0; c < columns.Length; c++)
        {
            var x = 520 - c * 110;
            for (var k = 0; k < columns[c].Length; k++)
                canvas.DrawText(columns[c][k].ToString(), x, 120 + k * 56, SKTextAlign.Left, font, paint);
        }
    }
    using var png = SKImage.FromBitmap(vertical).Encode(SKEncodedImageFormat.Png, 100);
    File.WriteAllBytes(Path.Combine(output, "vertical-columns.png"), png.ToArray());
    File.WriteAllText(Path.Combine(output, "vertical-columns.txt"), string.Join("\n", columns) + "\n");
}
Console.WriteLine($"fixtures written to {output}");

SKBitmap DrawPage(Action<SKCanvas> draw)
{
    var bitmap = new SKBitmap(new SKImageInfo((int)(A4Width / 72 * Dpi), (int)(A4Height / 72 * Dpi), SKColorType.Gray8, SKAlphaType.Opaque));
    using var canvas = new SKCanvas(bitmap);
    canvas.Clear(SKColors.White);
    draw(canvas);
    return bitmap;
}

void DrawCentred(SKCanvas canvas, string text, float size, float baseline)
{
    using var font = new SKFont(typeface, size * Dpi / 72f);
    using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
    canvas.DrawText(text, (float)(A4Width / 72 * Dpi / 2), baseline, SKTextAlign.Center, font, paint);
}

// Draws a paragraph indented two characters, wrapped at a fixed number of characters per line; returns the last baseline.
float DrawParagraph(SKCanvas canvas, string text, float sizePx, float left, float top, int perLine)
{
    using var font = new SKFont(typeface, sizePx * Dpi / 72f / 1.5f);
    using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
    var advance = font.Size;
    var lineHeight = font.Size * 1.6f;
    var y = top + font.Size;
    var column = 2; // the first line starts two characters in
    foreach (var ch in text)
    {
        if (column >= perLine) { column = 0; y += lineHeight; }
        canvas.DrawText(ch.ToString(), left + column * advance, y, SKTextAlign.Left, font, paint);
        column++;
    }
    return y;
}
