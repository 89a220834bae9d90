namespace KnowledgeBase.Model;

/// <summary>Descriptive and access metadata of a document, supplied by the uploader or read from the file.</summary>
public sealed record DocumentMetadata
{
    /// <summary>Title shown in citations; falls back to the parser's title, then the file name.</summary>
    public string? Title { get; init; }
    public string? Author { get; init; }
    /// <summary>Authoring organisation (e.g. 崇左市政协, a partner think tank).</summary>
    public string? Organisation { get; init; }
    public int? Year { get; init; }
    /// <summary>Document type such as 政策文件, 研究报告, 提案, 建议.</summary>
    public string? DocumentType { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Dominant language of the text: "zh" or "en".</summary>
    public string? Language { get; init; }
    public Visibility Visibility { get; init; } = Visibility.Public;
    /// <summary>Organisations a <see cref="Visibility.Restricted"/> document is shared with.</summary>
    public IReadOnlyList<string> SharedWith { get; init; } = [];
    /// <summary>Organisation that uploaded the document (partners always see their own uploads).</summary>
    public string? OwnerOrganisation { get; init; }
    /// <summary>True while a partner upload waits for staff review; only staff and the owner see it.</summary>
    public bool PendingReview { get; init; }
}
