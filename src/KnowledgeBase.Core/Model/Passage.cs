namespace KnowledgeBase.Model;

/// <summary>
/// A citable span of a document. <see cref="StartOffset"/> is a character offset into the text of
/// <see cref="Page"/>, <see cref="EndOffset"/> one into the text of <see cref="PageEnd"/>; when the passage
/// crosses pages, its <see cref="Text"/> is the page texts joined by <see cref="PageSeparator"/>.
/// </summary>
public sealed record Passage(
    string Id,
    string DocumentId,
    int Ordinal,
    int Page,
    int PageEnd,
    int StartOffset,
    int EndOffset,
    string HeadingPath,
    string Text)
{
    /// <summary>What stands between the text of two pages inside one passage.</summary>
    public const string PageSeparator = "\n";

    /// <summary>Passage ids are derived, so re-ingesting the same content yields the same ids.</summary>
    public static string MakeId(string documentId, int ordinal) => $"{documentId}:{ordinal}";
}
