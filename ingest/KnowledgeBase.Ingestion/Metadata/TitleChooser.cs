using System.Text.RegularExpressions;
using KnowledgeBase.Ingestion.Parsing;

namespace KnowledgeBase.Ingestion.Metadata;

/// <summary>A way to find a title in the text when the file's own is unusable; groups <c>t</c>, <c>t2</c>, <c>k</c> joined are the title.</summary>
public sealed record TitleRule(string Name, Regex Regex, string Example);

/// <summary>
/// Keeps the title a parser found unless it is no title: a form placeholder (（填写标准名称）), a contents heading
/// (目录Contents), a genre label (本科毕业论文, Research Article), a red header (……文件) or a file-name slug. Then the text
/// is asked (<see cref="TextRules"/>: a labelled 论文题目, an official 关于……的通知 title, the line above a dateline), then a
/// file name that reads as a title, then the first title-like line of the text. A leading genre label or standard
/// code is cut from a title that has more after it.
/// </summary>
public static partial class TitleChooser
{
    /// <summary>Titles that name no document.</summary>
    public static IReadOnlyList<Regex> Unusable { get; } =
    [
        PlaceholderRegex(),
        ContentsRegex(),
        GenreLabelRegex(),
        RedHeaderRegex(),
        SlugRegex(),
    ];

    public static IReadOnlyList<TitleRule> TextRules { get; } =
    [
        new("labelled", LabelledRegex(), "论文题目：短的论文题目 指导老师："),
        new("official", OfficialTitleRegex(), "关于同意张阿三同志辞职的批复"),
        new("above-dateline", AboveDatelineRegex(), "凝聚改革共识——崇左市政协小记\\n2024-08-08 | 来源:广西政协报"),
    ];

    /// <summary>The best title, or null when neither the file nor its text has one (the caller falls back to the file name).</summary>
    public static string? Choose(DocumentHead document)
    {
        if (document.Title is { } given && Clean(given) is { } cleaned && IsUsable(cleaned)) return cleaned;
        foreach (var rule in TextRules)
        {
            var match = rule.Regex.Match(document.Head);
            if (!match.Success) continue;
            var title = Collapse(match.Groups["t"].Value + match.Groups["t2"].Value + match.Groups["k"].Value);
            if (title.Length >= 2 && IsUsable(title)) return title;
        }
        var name = FileNameTitle(document.FileName);
        if (IsUsable(name)) return name;
        return FirstLineTitle(document.HeadLines);
    }

    /// <summary>Lines of page furniture (running page numbers) that may stand above a scanned page's first line.</summary>
    private const int MaxFurnitureLines = 3;

    /// <summary>
    /// The text's first line that is not page furniture, if it can stand as a title. A scanned book page read by OCR
    /// starts with its running head ("14(I)", "12") before the heading a reader takes for its title.
    /// </summary>
    private static string? FirstLineTitle(IReadOnlyList<string> lines)
    {
        foreach (var line in lines.Take(MaxFurnitureLines + 1))
        {
            if (Clean(line) is not { } text || IsPageFurniture(text)) continue;
            return IsFirstLineTitle(text) ? text : null;
        }
        return null;
    }

    /// <summary>A page number or running counter: a page-counter pattern, or a line with fewer than two letters (14(I), - 3 -).</summary>
    public static bool IsPageFurniture(string line) => PageCounterRegex().IsMatch(line) || line.Count(char.IsLetter) < 2;

    /// <summary>
    /// Whether the text's first line can stand as the title of a file that has none: short, reads like a title, and
    /// is not a field (a colon inside), page furniture, a contents line, a date or a document number.
    /// </summary>
    public static bool IsFirstLineTitle(string line) =>
        line.Length <= 40 && IsUsable(line) && !IsPageFurniture(line) && TitleHeuristics.LooksLikeTitle(line) && !line.Contains('：') && !line.Contains(':')
        && !DotLeaderRegex().IsMatch(line) && WrittenDates.First(line) is null && DocumentNumber.Parse(line) is null;

    public static bool IsUsable(string title) => title.Trim().Length >= 2 && !Unusable.Any(r => r.IsMatch(title.Trim()));

    /// <summary>The file name without extension and without a trailing date in brackets (北京市乡村振兴促进条例(2024-05-31) → 北京市乡村振兴促进条例).</summary>
    public static string FileNameTitle(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName).Trim();
        var cut = TrailingDateRegex().Replace(name, "").Trim();
        return cut.Length > 0 ? cut : name;
    }

    /// <summary>A title without a leading genre label or standard code, spaces collapsed; null when nothing is left.</summary>
    private static string? Clean(string title)
    {
        var text = Collapse(LeadingLabelRegex().Replace(title, ""));
        return text.Length > 0 ? text : null;
    }

    private static string Collapse(string text) => WhitespaceRegex().Replace(text, " ").Trim();

    [GeneratedRegex(@"^[（(【\[]?\s*(?:请)?填写[^）)】\]]*[）)】\]]?$")]
    private static partial Regex PlaceholderRegex();

    [GeneratedRegex(@"^(?:目\s*录|目\s*次)\s*(?:contents)?$|^(?:table\s+of\s+)?contents$", RegexOptions.IgnoreCase)]
    private static partial Regex ContentsRegex();

    [GeneratedRegex(@"^(?:(?:本科|专科|硕士|博士|学士)?(?:毕业|学位)(?:论文|设计)|(?:research|original|review)\s*article|abstract|摘\s*要|前\s*言|untitled|无标题|新建\s*\S*文档)$", RegexOptions.IgnoreCase)]
    private static partial Regex GenreLabelRegex();

    [GeneratedRegex(@"^.{2,30}文\s*件$")]
    private static partial Regex RedHeaderRegex();

    /// <summary>A name made for a file system (arxiv_2203.00274_tableformer, 119_123.indd): no spaces, joined by _ or -, or a layout file's name.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9]+(?:[_\-.][A-Za-z0-9]+)+$|\.(?:indd|docx?|pdf|qxd|tex)$", RegexOptions.IgnoreCase)]
    private static partial Regex SlugRegex();

    [GeneratedRegex(@"^(?:(?:research|original|review)\s*article\s+|(?:NB|GB|DL|JGJ|HJ|GA|YY|JB)(?:/[TZ])?\s*[0-9X]{2,6}(?:[.\d]*)?\s*[－\-—]\s*[0-9XY]{2,4}\s+)", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingLabelRegex();

    /// <summary>论文题目 / 题目 / 标题 followed by the title, up to the next cover label or the end of the line.</summary>
    [GeneratedRegex(@"(?:论文题目|题\s*目|标\s*题)\s*[:：]\s*(?<t>[^\n]+?)\s*(?=学生姓名|姓\s*名|作\s*者|指导(?:老师|教师)|学\s*号|学\s*院|专\s*业|班\s*级|日\s*期|\n|$)")]
    private static partial Regex LabelledRegex();

    /// <summary>An official title on its own line (or over two lines): 关于……的 + a document kind.</summary>
    [GeneratedRegex(@"(?m)^[ \t]*(?<t>[^\n。，；：:]{0,40}关于[^\n。；]{2,80}?)(?:\n[ \t]*(?<t2>[^\n。，；]{1,40}?))?(?<k>的?(?:通知|批复|意见|决定|通报|报告|请示|复函|函|答复|办法|规定|方案|公告|通告|纪要))[ \t]*$")]
    private static partial Regex OfficialTitleRegex();

    /// <summary>A title-like line directly above a dateline (a date, then the source), as news pages set them.</summary>
    [GeneratedRegex(@"(?m)^[ \t]*(?<t>[^\n。；:：|]{4,80}?)[ \t]*\n[ \t]*(?:(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)[^\n]{0,40}来\s*源")]
    private static partial Regex AboveDatelineRegex();

    [GeneratedRegex(@"第\s*\S{1,4}\s*页|^\s*-?\s*\d+\s*-?\s*$|^page\s+\d+", RegexOptions.IgnoreCase)]
    private static partial Regex PageCounterRegex();

    [GeneratedRegex(@"\.{4,}|…{2,}|·{4,}")]
    private static partial Regex DotLeaderRegex();

    [GeneratedRegex(@"\s*[（(]\s*(?:19|20)\d{2}[-.年]\d{1,2}[-.月]\d{1,2}日?\s*[)）]\s*$")]
    private static partial Regex TrailingDateRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}
