using System.Globalization;
using System.Xml.Linq;

namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// The DocInfo of an OFD document body. <see cref="CreationDate"/> is when the file was made (often a conversion run
/// years after the document was issued), so it is only a fallback for the year; the issue date comes from the text.
/// </summary>
internal sealed record OfdDocInfo(string? Title, string? Author, string? Subject, DateOnly? CreationDate)
{
    public static readonly OfdDocInfo Empty = new(null, null, null, null);

    public static OfdDocInfo Read(XElement? docInfo)
    {
        if (docInfo is null) return Empty;
        var creator = docInfo.ChildText("Creator");
        var author = docInfo.ChildText("Author");
        // Producers write their own name into Author as often as into Creator ("iOFD® 2.1.1 ©2019-2020 …").
        if (author is not null && (author == creator || author.Contains('©') || author.Contains('®'))) author = null;
        return new OfdDocInfo(docInfo.ChildText("Title"), author, docInfo.ChildText("Subject"), Date(docInfo.ChildText("CreationDate")));
    }

    /// <summary>ST_Date ("2020-01-25"), tolerating a time part some producers append.</summary>
    private static DateOnly? Date(string? value)
    {
        if (value is null) return null;
        var day = value.Length >= 10 ? value[..10] : value;
        return DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 1900 and <= 2100
            ? date
            : null;
    }
}
