using System.Text.RegularExpressions;

namespace KnowledgeBase.Ingestion.Metadata;

/// <summary>
/// A 发文字号 such as 国发〔2019〕4号 (prefix 国发, year 2019, serial 4) or 国令第707号 (no year). Only a number that stands
/// on its own line near the start or follows the label 发文字号 is the document's own; numbers cited in the text
/// (根据……（浙人才〔1993〕73号）) are other documents'.
/// </summary>
public sealed partial record DocumentNumber(string Prefix, int? Year, int Serial)
{
    private const string Number =
        @"(?:(?<p>[\u4e00-\u9fff]{1,10})\s*[〔\[［【(（]\s*(?<y>(?:19|20)\d{2})\s*[〕\]］】)）]\s*(?<n>\d{1,5})\s*号" +
        @"|(?<p>[\u4e00-\u9fff]{1,8}令)\s*第\s*(?<n>\d{1,5})\s*号)";

    /// <summary>The document's own number in the head of a document, if it states one.</summary>
    public static DocumentNumber? Find(DocumentHead document)
    {
        var match = LabelledRegex().Match(document.Head);
        if (!match.Success) match = OwnLineRegex().Match(document.Head);
        return match.Success ? Read(match) : null;
    }

    /// <summary>A number written on its own (国发〔2019〕4号), or null.</summary>
    public static DocumentNumber? Parse(string text) => ExactRegex().Match(text.Trim()) is { Success: true } m ? Read(m) : null;

    private static DocumentNumber Read(Match m) => new(
        m.Groups["p"].Value,
        m.Groups["y"].Success ? int.Parse(m.Groups["y"].ValueSpan) : null,
        int.Parse(m.Groups["n"].ValueSpan));

    [GeneratedRegex(@"发文字号\s*[:：]?\s*" + Number)]
    private static partial Regex LabelledRegex();

    [GeneratedRegex(@"(?m)^[ \t]*" + Number + @"[ \t]*$")]
    private static partial Regex OwnLineRegex();

    [GeneratedRegex("^" + Number + "$")]
    private static partial Regex ExactRegex();
}

/// <summary>
/// Which body a 发文字号 prefix stands for. A prefix names its body by convention (国发 is the State Council's, 国办发
/// its General Office's); the table holds the central bodies whose prefixes are fixed. A prefix not in the table tells
/// nothing (路卫发 needs the red header to be read).
/// </summary>
public static class DocumentNumberPrefixes
{
    public static IReadOnlyDictionary<string, string> Bodies { get; } = new Dictionary<string, string>
    {
        ["国发"] = "国务院",
        ["国函"] = "国务院",
        ["国发明电"] = "国务院",
        ["国令"] = "国务院",
        ["国务院令"] = "国务院",
        ["国办发"] = "国务院办公厅",
        ["国办函"] = "国务院办公厅",
        ["国办发明电"] = "国务院办公厅",
        ["中发"] = "中共中央",
        ["中办发"] = "中共中央办公厅",
        ["厅字"] = "中共中央办公厅",
        ["国能发"] = "国家能源局",
        ["发改"] = "国家发展和改革委员会",
        ["财"] = "财政部",
    };

    /// <summary>The body of a number's prefix, or null.</summary>
    public static string? BodyOf(DocumentNumber number) => Bodies.GetValueOrDefault(number.Prefix);
}
