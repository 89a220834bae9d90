namespace KnowledgeBase.Model;

/// <summary>
/// A citable span of a document. <see cref="StartOffset"/> is a character offset into the text of
/// <see cref="Page"/>, <see cref="EndOffset"/> one into the text of <see cref="PageEnd"/>; when the passage
/// crosses pages, its <see cref="Text"/> is the page texts joined by <see cref="PageSeparator"/>.
/// </summary>
/// <param name="OcrConfidence">
/// For text read by OCR from a page image, the recogniser's mean confidence (0…1) over the passage's characters; null
/// for text taken from the file itself.
/// </param>
public sealed record Passage(
    string Id,
    string DocumentId,
    int Ordinal,
    int Page,
    int PageEnd,
    int StartOffset,
    int EndOffset,
    string HeadingPath,
    string Text,
    double? OcrConfidence = null)
{
    /// <summary>Whether the text was recognised from a page image (shown to users as "识别文本").</summary>
    public bool Ocr => OcrConfidence is not null;

    /// <summary>What stands between the text of two pages inside one passage.</summary>
    public const string PageSeparator = "\n";

    /// <summary>Passage ids are derived, so re-ingesting the same content yields the same ids.</summary>
    public static string MakeId(string documentId, int ordinal) => $"{documentId}:{ordinal}";
}
