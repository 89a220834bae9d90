using System.Text.RegularExpressions;

namespace KnowledgeBase.Ingestion.Metadata;

/// <summary>Where in a document an <see cref="IssueDateRule"/> looks.</summary>
public enum DateScope
{
    /// <summary>The start of the text (cover, red header, metadata block, the lines under the title).</summary>
    Head,
    /// <summary>The end of the text (the signature and the 印发 line).</summary>
    Tail,
    /// <summary>The file name.</summary>
    FileName,
}

/// <summary>One way a document states the day it was issued. <paramref name="Latest"/>: of several matches the latest wins (a regulation's revisions).</summary>
public sealed record IssueDateRule(string Name, DateScope Scope, Regex Regex, bool Latest, string Example);

/// <summary>
/// The day a document was issued, from the first rule of <see cref="Rules"/> that matches: labelled dates (成文日期 …)
/// before the adoption line of a regulation, a dateline or signature near the start, the signature or 印发 line at the
/// end, and last a date in the file name. Dates in running text (施行 dates, events) are never taken.
/// </summary>
public static partial class IssueDateFinder
{
    private const string Date = WrittenDates.Pattern;

    public static IReadOnlyList<IssueDateRule> Rules { get; } =
    [
        new("labelled", DateScope.Head, LabelledRegex(), false, "成文日期：2019年01月24日"),
        new("adoption", DateScope.Head, AdoptionRegex(), true, "2024年5月31日 北京市第十六届人民代表大会常务委员会第十次会议通过"),
        new("dateline", DateScope.Head, DatelineRegex(), false, "2024-08-08 | 来源:广西政协报"),
        new("signature", DateScope.Head, SignatureRegex(), false, "国务院\\n2019年1月24日"),
        new("signature-end", DateScope.Tail, SignatureRegex(), false, "路桥区卫生局办公室2011年3月10日印发"),
        new("file-name", DateScope.FileName, FileNameRegex(), false, "北京市乡村振兴促进条例(2024-05-31).md"),
        new("file-name-digits", DateScope.FileName, FileNameDigitsRegex(), false, "经验反馈（征求意见稿） 20230324.doc"),
    ];

    /// <summary>A date after a label such as 成文日期 (a web page's metadata block), or null.</summary>
    public static DateOnly? FindLabelled(string text)
    {
        foreach (Match match in LabelledRegex().Matches(text))
            if (WrittenDates.Read(match) is { } date) return date;
        return null;
    }

    public static DateOnly? Find(DocumentHead document)
    {
        foreach (var rule in Rules)
        {
            var text = rule.Scope switch { DateScope.Head => document.Head, DateScope.Tail => document.Tail, _ => document.FileName };
            DateOnly? found = null;
            foreach (Match match in rule.Regex.Matches(text))
            {
                if (WrittenDates.Read(match) is not { } date) continue;
                if (!rule.Latest) return date;
                if (found is null || date > found) found = date;
            }
            if (found is not null) return found;
        }
        return null;
    }

    /// <summary>A date after a label that says it is the document's own; 施行 (in force from) is a different day.</summary>
    [GeneratedRegex(@"(?:成文日期|发文日期|签发日期|印发日期|发布日期|公布日期|发布时间)\s*[:：]?\s*" + Date)]
    internal static partial Regex LabelledRegex();

    /// <summary>A line that opens with a date and says a body adopted, revised or published the text.</summary>
    [GeneratedRegex(@"(?m)^[\s（(]*(?:根据)?" + Date + @"[^\n，,。]{0,80}?(?:通过|修订|修正|公布|发布|批准)")]
    private static partial Regex AdoptionRegex();

    /// <summary>A short line that opens with a date set apart by a space or bar (a news dateline: date, then source), no sentence.</summary>
    [GeneratedRegex(@"(?m)^[ \t]*" + Date + @"(?=[ \t|｜]|$)(?![^\n]{0,4}(?:起|至|到|前|以来|—|－))[^\n，,。；]{0,40}$")]
    private static partial Regex DatelineRegex();

    /// <summary>A short line that ends with a date, optionally 印发 (a signature under a letter, the issuing line).</summary>
    [GeneratedRegex(@"(?m)^[^\n。，；\d〇○零]{0,30}?" + Date + @"[ \t]*(?:印发|发布|签发)?[ \t]*$")]
    private static partial Regex SignatureRegex();

    [GeneratedRegex(@"(?<!\d)(?<y>(?:19|20)\d{2})[-_.年](?<m>[01]?\d)[-_.月](?<d>[0-3]?\d)(?!\d)")]
    private static partial Regex FileNameRegex();

    [GeneratedRegex(@"(?<!\d)(?<y>(?:19|20)\d{2})(?<m>0[1-9]|1[0-2])(?<d>0[1-9]|[12]\d|3[01])(?!\d)")]
    private static partial Regex FileNameDigitsRegex();
}
