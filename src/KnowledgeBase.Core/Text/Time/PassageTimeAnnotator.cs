using KnowledgeBase.Model;

namespace KnowledgeBase.Text.Time;

/// <summary>
/// Tells each passage when it speaks (<see cref="PassageTime"/>), at index time, for both stores: the document's year
/// is the anchor for 今年 / 去年 / 过去五年 in its passages. The year is the document's own (an upload's year, its issue
/// date) or, when it has none, the year its title names ("2025年政府工作报告", "第十四届全国人民代表大会第三次会议…").
/// </summary>
public sealed class PassageTimeAnnotator(TimeResolver resolver)
{
    public TimeResolver Resolver => resolver;

    /// <summary>The year the document speaks from, or null when neither its metadata nor its title tells.</summary>
    public int? DocumentYear(DocumentRecord document) => DocumentYear(document.Metadata.Year, document.Title);

    /// <inheritdoc cref="DocumentYear(DocumentRecord)"/>
    public int? DocumentYear(int? metadataYear, string title) => metadataYear ?? TitleYear(title);

    /// <summary>The single year a title names (a range or a plan period names none).</summary>
    public int? TitleYear(string title) =>
        resolver.Resolve(title, null).FirstOrDefault(m => m.StatesYears && m.Years.IsSingleYear)?.Years.From;

    public PassageTime Annotate(string text, string headingPath, int? documentYear)
    {
        var mentions = resolver.Resolve(text, documentYear);
        var headings = headingPath.Length == 0
            ? []
            : resolver.Resolve(headingPath, documentYear).Where(m => m.StatesYears).Select(m => m.Years).ToList();
        return mentions.Count == 0 && headings.Count == 0 && documentYear is null ? PassageTime.None : new PassageTime(documentYear, mentions, headings);
    }

    /// <summary>Every passage of a submission, in order.</summary>
    public IReadOnlyList<PassageTime> Annotate(DocumentSubmission submission)
    {
        var year = DocumentYear(submission.Document);
        return submission.Passages.Select(p => Annotate(p.Text, p.HeadingPath, year)).ToList();
    }
}
