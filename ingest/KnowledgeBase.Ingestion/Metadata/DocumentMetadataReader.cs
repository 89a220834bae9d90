using System.Text.RegularExpressions;
using KnowledgeBase.Ingestion.Parsing;

namespace KnowledgeBase.Ingestion.Metadata;

/// <summary>
/// Completes what a parser found with what the document's text and file name tell, for every format alike: a usable
/// title (<see cref="TitleChooser"/>), the issue date (<see cref="IssueDateFinder"/>), the issuing body
/// (<see cref="IssuingBodyFinder"/>, <see cref="DocumentNumber"/>) and the type (<see cref="DocumentTypeClassifier"/>).
/// A parser's own date or body (a web page's labelled 成文日期 and 发文机关) wins; a file's creation year (PDF, OFD and
/// Office properties) is the last resort, after the year of the 发文字号 and a single year the title names, because
/// files are often produced long after the document was issued.
/// </summary>
public static partial class DocumentMetadataReader
{
    public static ParsedDocument Complete(ParsedDocument parsed, string fileName)
    {
        var head = DocumentHead.Of(parsed, fileName);
        // No usable title anywhere: none, so that the file name stands in (never a placeholder such as 目录Contents).
        var title = TitleChooser.Choose(head);
        head = head with { Title = title };
        var number = DocumentNumber.Find(head);
        var issuedOn = parsed.IssuedOn ?? IssueDateFinder.Find(head);
        var year = issuedOn?.Year ?? number?.Year ?? PublicationYear(head.Head) ?? TitleYear(title) ?? parsed.Year;
        return parsed with
        {
            Title = title,
            IssuedOn = issuedOn,
            Year = year,
            Organisation = parsed.Organisation ?? IssuingBodyFinder.Find(head, number),
            DocumentType = parsed.DocumentType ?? DocumentTypeClassifier.Classify(title, head.Head),
        };
    }

    /// <summary>The one year a title names (2025年政府工作报告 → 2025); none for a range (2018—2035年) or two years.</summary>
    public static int? TitleYear(string? title)
    {
        if (title is null) return null;
        var years = TitleYearRegex().Matches(title).Select(m => int.Parse(m.Groups["y"].ValueSpan)).Distinct().ToList();
        return years.Count == 1 && !YearRangeRegex().IsMatch(title) ? years[0] : null;
    }

    /// <summary>
    /// The year the head states without a full date: a journal's 第9卷1994年 (volume, year), "To cite this article: …
    /// 2021 …", a cover line holding only a year and month (（2023年3月）).
    /// </summary>
    public static int? PublicationYear(string head)
    {
        foreach (var regex in new[] { JournalVolumeRegex(), CiteAsRegex(), CoverMonthRegex() })
            if (regex.Match(head) is { Success: true } m) return int.Parse(m.Groups["y"].ValueSpan);
        return null;
    }

    [GeneratedRegex(@"(?m)^[ \t]*[（(]?\s*(?<y>(?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*[)）]?[ \t]*$")]
    private static partial Regex CoverMonthRegex();

    [GeneratedRegex(@"第\s*\d{1,3}\s*卷[^\n]{0,8}?(?<y>(?:19|20)\d{2})\s*年")]
    private static partial Regex JournalVolumeRegex();

    [GeneratedRegex(@"To cite this article:[^\n]{0,120}?(?<!\d)(?<y>(?:19|20)\d{2})(?!\d)")]
    private static partial Regex CiteAsRegex();

    [GeneratedRegex(@"(?<!\d)(?<y>(?:19|20)\d{2})(?=\s*年)")]
    private static partial Regex TitleYearRegex();

    [GeneratedRegex(@"(?:19|20)\d{2}\s*年?\s*[—\-－~～至到]\s*(?:19|20)\d{2}")]
    private static partial Regex YearRangeRegex();
}
