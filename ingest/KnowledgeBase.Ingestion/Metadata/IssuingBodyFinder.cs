using System.Text.RegularExpressions;

namespace KnowledgeBase.Ingestion.Metadata;

/// <summary>Where an <see cref="IssuingBodyRule"/> looks.</summary>
public enum BodyScope
{
    Title,
    Head,
}

/// <summary>One way a document names its issuing or authoring body: the body is the regex's group <c>org</c>, or place + body.</summary>
public sealed record IssuingBodyRule(string Name, BodyScope Scope, Regex Regex, string Example);

/// <summary>
/// The body that issued a document (发文机关): a labelled 发文机关, the body that opens an official title (国务院办公厅关于……),
/// the body a 发文字号 prefix stands for, the red header (……文件), the standing committee that adopted a regulation, a byline
/// (文/海关总署), the source of a news page. The first rule of <see cref="Rules"/> that names one wins.
/// </summary>
public static partial class IssuingBodyFinder
{
    /// <summary>How names of Chinese public bodies end.</summary>
    private const string BodyEnd = "(?:国务院|中央军委|委员会|常委会|人民政府|办公厅|办公室|总局|政协|检察院|法院|银行|研究院|研究中心|中心|政府|局|部|厅|署|委|院|会|办|社)";

    public static IReadOnlyList<IssuingBodyRule> Rules { get; } =
    [
        new("labelled", BodyScope.Head, LabelledRegex(), "发文机关： 国务院"),
        new("title-opening", BodyScope.Title, TitleOpeningRegex(), "国务院办公厅关于加强三级公立医院绩效考核工作的意见"),
        new("red-header", BodyScope.Head, RedHeaderRegex(), "路桥区卫生局文件"),
        new("adopted-by", BodyScope.Head, AdoptedByRegex(), "北京市第十六届人民代表大会常务委员会第十次会议通过"),
        new("state-council-meeting", BodyScope.Head, StateCouncilMeetingRegex(), "2019年10月8日国务院第66次常务会议通过"),
        new("publisher-line", BodyScope.Head, PublisherLineRegex(), "国家能源局   发布"),
        new("work-report", BodyScope.Title, WorkReportRegex(), "2025年中华人民共和国国务院政府工作报告"),
        new("byline", BodyScope.Head, BylineRegex(), "文/海关总署"),
        new("dateline-source", BodyScope.Head, SourceRegex(), "2024-08-08 | 来源:广西政协报"),
    ];

    /// <summary>A body after the label 发文机关 (a web page's metadata block), or null.</summary>
    public static string? FindLabelled(string text) => LabelledRegex().Match(text) is { Success: true } m ? m.Groups["org"].Value : null;

    /// <summary>Every rule's name with the body it reads from its example, for the tests and the docs.</summary>
    public static string? Apply(IssuingBodyRule rule, string text) =>
        rule.Regex.Match(text) is { Success: true } m ? (m.Groups["place"].Value + m.Groups["org"].Value).Trim() : null;

    /// <summary>The issuing body, or null when the document names none the rules recognise.</summary>
    public static string? Find(DocumentHead document, DocumentNumber? number)
    {
        foreach (var rule in Rules)
        {
            // A 发文字号 names its body more reliably than a red header or a byline, less than a label or the title.
            if (rule.Name == "red-header" && number is not null && DocumentNumberPrefixes.BodyOf(number) is { } numbered) return numbered;
            var text = rule.Scope == BodyScope.Title ? document.Title ?? "" : document.Head;
            if (Apply(rule, text) is { Length: > 0 } body) return body;
        }
        return null;
    }

    /// <summary>发文机关 / 发证机关 / 发布机关 and the body after it, up to the last word that ends a body name (the next field may follow without a break).</summary>
    [GeneratedRegex(@"(?:发文|发证|发布|制定)机关\s*[:：]?\s*(?<org>[\u4e00-\u9fff、]{0,40}" + BodyEnd + ")")]
    private static partial Regex LabelledRegex();

    /// <summary>The shortest run of words ending like a body name that is followed by 关于/对/转发/批转/印发 at the start of the title.</summary>
    [GeneratedRegex(@"^(?<org>[\u4e00-\u9fff、（）]{0,40}?" + BodyEnd + @")(?=关于|对|转发|批转|印发)")]
    private static partial Regex TitleOpeningRegex();

    [GeneratedRegex(@"^\s*(?<org>[\u4e00-\u9fff（）]{2,30}?" + BodyEnd + @")\s*文\s*件\s*(?:\n|$)")]
    private static partial Regex RedHeaderRegex();

    /// <summary>The body of 第N届……常务委员会第N次会议: the place before 第N届 and the body after it, without the numbers.</summary>
    [GeneratedRegex(@"(?<place>(?:(?![年月日号])[\u4e00-\u9fff]{1,10}?(?:省|市|自治区|自治州|县|区|州|盟))?)第[〇零一二三四五六七八九十百\d]{1,4}届(?<org>[\u4e00-\u9fff]{2,20}?(?:常务委员会|代表大会|委员会))第[〇零一二三四五六七八九十百\d]{1,4}次(?:全体)?会议")]
    private static partial Regex AdoptedByRegex();

    [GeneratedRegex(@"(?<org>国务院)第[〇零一二三四五六七八九十百\d]{1,4}次常务会议")]
    private static partial Regex StateCouncilMeetingRegex();

    /// <summary>A standard's or report's cover line: the body, a gap, 发布.</summary>
    [GeneratedRegex(@"(?m)^[ \t]*(?<org>[\u4e00-\u9fff]{2,30}" + BodyEnd + @")[^\S\n]+发\s*布[^\S\n]*$")]
    private static partial Regex PublisherLineRegex();

    /// <summary>A work report's title names its body: [year] [中华人民共和国] body [政府]工作报告.</summary>
    [GeneratedRegex(@"^(?:(?:19|20)\d{2}\s*年)?\s*(?:中华人民共和国)?(?<org>[\u4e00-\u9fff]{0,20}?" + BodyEnd + @")(?:政府)?工作报告$")]
    private static partial Regex WorkReportRegex();

    [GeneratedRegex(@"(?m)^[ \t]*文\s*[/／]\s*(?<org>[\u4e00-\u9fff]{2,30}" + BodyEnd + @")[ \t]*$")]
    private static partial Regex BylineRegex();

    /// <summary>The source named on a dateline (a date, then 来源：…), not a chart's 资料来源.</summary>
    [GeneratedRegex(@"(?m)^[ \t]*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[^\n]{0,20}?来\s*源\s*[:：]\s*(?<org>[^\s|｜:：，,]{2,30})")]
    private static partial Regex SourceRegex();
}
