namespace KnowledgeBase.Model;

/// <summary>Descriptive and access metadata of a document, supplied by the uploader or read from the file.</summary>
public sealed record DocumentMetadata
{
    /// <summary>Title shown in citations; falls back to the parser's title, then the file name.</summary>
    public string? Title { get; init; }
    public string? Author { get; init; }
    /// <summary>Authoring organisation (e.g. 崇左市政协, a partner think tank).</summary>
    public string? Organisation { get; init; }
    /// <summary>
    /// Year of the document: as given (an upload form, an evaluation set's title), else the year of
    /// <see cref="IssuedOn"/>. Facets and the year filter use it.
    /// </summary>
    public int? Year { get => _year ?? IssuedOn?.Year; init => _year = value; }
    private readonly int? _year;
    /// <summary>
    /// The day the document was issued (成文日期, 发布日期, the date a regulation's file name carries, the date under the
    /// signature), when the file tells it. The anchor for resolving relative time (今年, 去年) in the document's passages.
    /// </summary>
    public DateOnly? IssuedOn { get; init; }
    /// <summary>Document type such as 政策文件, 研究报告, 提案, 建议.</summary>
    public string? DocumentType { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Dominant language of the text: "zh" or "en".</summary>
    public string? Language { get; init; }
    public Visibility Visibility { get; init; } = Visibility.Public;
    /// <summary>
    /// Organisations a <see cref="Visibility.Restricted"/> document is shared with. A partner's upload always lists the
    /// partner's own organisation, which is what keeps the upload visible to that organisation (see <see cref="Security.AccessScope"/>).
    /// </summary>
    public IReadOnlyList<string> SharedWith { get; init; } = [];
    /// <summary>
    /// Organisation of the partner that uploaded the document; null for documents from staff, admins and local tools,
    /// which are bound to no organisation. Partners see their organisation's own uploads (see <see cref="Security.AccessScope"/>).
    /// </summary>
    public string? OwnerOrganisation { get; init; }
    /// <summary>True while a partner upload waits for staff review; only staff and the owner see it.</summary>
    public bool PendingReview { get; init; }
}
