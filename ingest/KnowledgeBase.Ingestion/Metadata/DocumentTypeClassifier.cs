using System.Text.RegularExpressions;

namespace KnowledgeBase.Ingestion.Metadata;

/// <summary>How a <see cref="DocumentTypeRule"/> matches.</summary>
public enum TypeMatch
{
    /// <summary>The title ends with the word (after a trailing （征求意见稿）, (2024-05-31) or version is cut).</summary>
    TitleEnd,
    /// <summary>The word occurs in the title.</summary>
    TitleContains,
    /// <summary>The regex matches the start of the text (an abstract heading marks a paper).</summary>
    Head,
}

/// <summary>One word that tells a document's type, and the type it tells (指导意见 → 意见).</summary>
public sealed record DocumentTypeRule(TypeMatch Match, string Word, string Type, Regex? Regex = null);

/// <summary>
/// The type of a document (条例, 办法, 通知, 意见, 报告, 提案, 论文 …) from its title — Chinese official documents end
/// their titles with their kind (GB/T 9704: 文种) — or, for papers, from the start of the text. The first rule of
/// <see cref="Rules"/> that matches wins: longer endings come before the shorter ones they end with (办法 before 法).
/// </summary>
public static partial class DocumentTypeClassifier
{
    public static IReadOnlyList<DocumentTypeRule> Rules { get; } =
    [
        new(TypeMatch.TitleContains, "毕业论文", "论文"),
        new(TypeMatch.TitleContains, "学位论文", "论文"),
        new(TypeMatch.TitleEnd, "编制说明", "编制说明"),
        new(TypeMatch.TitleEnd, "实施细则", "细则"),
        new(TypeMatch.TitleEnd, "细则", "细则"),
        new(TypeMatch.TitleEnd, "条例", "条例"),
        new(TypeMatch.TitleEnd, "办法", "办法"),
        new(TypeMatch.TitleEnd, "规定", "规定"),
        new(TypeMatch.TitleEnd, "规则", "规定"),
        new(TypeMatch.TitleEnd, "决定", "决定"),
        new(TypeMatch.TitleEnd, "决议", "决议"),
        new(TypeMatch.TitleEnd, "意见", "意见"),
        new(TypeMatch.TitleEnd, "通知", "通知"),
        new(TypeMatch.TitleEnd, "通报", "通报"),
        new(TypeMatch.TitleEnd, "批复", "批复"),
        new(TypeMatch.TitleEnd, "复函", "函"),
        new(TypeMatch.TitleEnd, "的函", "函"),
        new(TypeMatch.TitleEnd, "答复", "答复"),
        new(TypeMatch.TitleEnd, "公告", "公告"),
        new(TypeMatch.TitleEnd, "通告", "通告"),
        new(TypeMatch.TitleEnd, "命令", "命令"),
        new(TypeMatch.TitleEnd, "纪要", "纪要"),
        new(TypeMatch.TitleEnd, "方案", "方案"),
        new(TypeMatch.TitleEnd, "规划", "规划"),
        new(TypeMatch.TitleEnd, "纲要", "规划"),
        new(TypeMatch.TitleEnd, "报告", "报告"),
        new(TypeMatch.TitleEnd, "提案", "提案"),
        new(TypeMatch.TitleEnd, "建议", "建议"),
        new(TypeMatch.TitleEnd, "许可证", "证照"),
        new(TypeMatch.TitleContains, "指南", "标准"),
        new(TypeMatch.TitleContains, "征求意见稿", "标准"),
        new(TypeMatch.TitleEnd, "标准", "标准"),
        new(TypeMatch.TitleEnd, "规范", "标准"),
        // 法 ends many words that are no law (办法 is above; 方法, 算法, 做法, 看法, 语法 are not types).
        new(TypeMatch.TitleEnd, "方法", ""),
        new(TypeMatch.TitleEnd, "算法", ""),
        new(TypeMatch.TitleEnd, "做法", ""),
        new(TypeMatch.TitleEnd, "看法", ""),
        new(TypeMatch.TitleEnd, "语法", ""),
        new(TypeMatch.TitleEnd, "法", "法律"),
        new(TypeMatch.Head, "毕业论文", "论文", ThesisCoverRegex()),
        new(TypeMatch.Head, "NB/T", "标准", StandardCodeRegex()),
        new(TypeMatch.Head, "摘要", "论文", PaperAbstractRegex()),
    ];

    /// <summary>The type the title or text tells, or null.</summary>
    public static string? Classify(string? title, string head)
    {
        var core = title is null ? "" : TitleCore(title);
        foreach (var rule in Rules)
        {
            var hit = rule.Match switch
            {
                TypeMatch.TitleEnd => core.Length > rule.Word.Length && core.EndsWith(rule.Word, StringComparison.Ordinal),
                TypeMatch.TitleContains => core.Contains(rule.Word, StringComparison.Ordinal),
                _ => rule.Regex!.IsMatch(head),
            };
            if (hit) return rule.Type.Length > 0 ? rule.Type : null;
        }
        return null;
    }

    /// <summary>The title without what trails its type word: brackets (（征求意见稿）, (2024-05-31)), a date, a version.</summary>
    public static string TitleCore(string title)
    {
        var core = title.Trim();
        while (true)
        {
            var cut = TrailerRegex().Replace(core, "").TrimEnd();
            if (cut.Length == core.Length || cut.Length == 0) return core;
            core = cut;
        }
    }

    [GeneratedRegex(@"(?:[（(][^（()）]{0,30}[)）]|\s+v?\d+(?:\.\d+)*|\s*\d{8})$")]
    private static partial Regex TrailerRegex();

    /// <summary>A standard's cover: its code (GB/T 33190, NB/T XXXX—XXXX) at the start of a line.</summary>
    [GeneratedRegex(@"(?m)^[^\S\n]*(?:GB|NB|DL|JGJ|HJ|GA|YY|JB|QB|SJ)(?:/[TZ])?[^\S\n]*[\dXx]{2,}")]
    private static partial Regex StandardCodeRegex();

    /// <summary>A thesis cover line: 本科毕业论文, 硕士学位论文.</summary>
    [GeneratedRegex(@"(?m)^\s*(?:本科|专科|硕士|博士|学士)?(?:毕业|学位)论文\s*$")]
    private static partial Regex ThesisCoverRegex();

    /// <summary>An abstract heading (【摘要】, 摘 要, Abstract) on its own or followed by its text: the mark of a paper.</summary>
    [GeneratedRegex(@"(?m)(?:【\s*摘\s*要\s*】|^\s*摘\s*要\s*(?:[:：]|$)|^\s*Abstract\b)")]
    private static partial Regex PaperAbstractRegex();
}
