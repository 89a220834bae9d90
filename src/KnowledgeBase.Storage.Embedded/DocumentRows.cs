using System.Globalization;
using KnowledgeBase.Model;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>Reads documents and passages from rows selected with <see cref="DocumentColumns"/> and <see cref="PassageColumns"/>.</summary>
internal static class DocumentRows
{
    private const char Separator = '\u001F';

    /// <summary>How <c>documents.issued_on</c> holds a date (sorts and compares as text).</summary>
    public const string IsoDate = "yyyy-MM-dd";

    public const string DocumentColumns = """
        d.id, d.title, d.source, d.content_hash, d.media_type, d.page_count, d.passage_count, d.author, d.organisation,
        d.year, d.doc_type, d.language, d.visibility, d.owner_org, d.pending, d.ingested_at,
        (SELECT group_concat(tag, char(31)) FROM document_tags t WHERE t.document_id = d.id) AS tags,
        (SELECT group_concat(organisation, char(31)) FROM document_shares s WHERE s.document_id = d.id) AS shares,
        d.issued_on
        """;

    public const int DocumentColumnCount = 19;

    public const string PassageColumns = "p.id, p.document_id, p.ordinal, p.page, p.page_end, p.start_offset, p.end_offset, p.heading_path, p.text, p.ocr_confidence";

    public static DocumentRecord ReadDocument(SqliteDataReader r, int o = 0) => new(
        Id: r.GetString(o),
        Title: r.GetString(o + 1),
        Source: r.GetString(o + 2),
        ContentHash: r.GetString(o + 3),
        MediaType: r.GetString(o + 4),
        PageCount: r.GetInt32(o + 5),
        PassageCount: r.GetInt32(o + 6),
        Metadata: new DocumentMetadata
        {
            Title = r.GetString(o + 1),
            Author = NullableString(r, o + 7),
            Organisation = NullableString(r, o + 8),
            Year = r.IsDBNull(o + 9) ? null : r.GetInt32(o + 9),
            DocumentType = NullableString(r, o + 10),
            Language = NullableString(r, o + 11),
            Visibility = (Visibility)r.GetInt32(o + 12),
            OwnerOrganisation = NullableString(r, o + 13),
            PendingReview = r.GetInt32(o + 14) != 0,
            Tags = Split(NullableString(r, o + 16)),
            SharedWith = Split(NullableString(r, o + 17)),
            IssuedOn = NullableString(r, o + 18) is { } issued ? DateOnly.ParseExact(issued, IsoDate, CultureInfo.InvariantCulture) : null,
        },
        IngestedAt: DateTimeOffset.Parse(r.GetString(o + 15), CultureInfo.InvariantCulture));

    public static Passage ReadPassage(SqliteDataReader r, int o = 0) => new(
        r.GetString(o), r.GetString(o + 1), r.GetInt32(o + 2), r.GetInt32(o + 3), r.GetInt32(o + 4),
        r.GetInt32(o + 5), r.GetInt32(o + 6), r.GetString(o + 7), r.GetString(o + 8), r.IsDBNull(o + 9) ? null : r.GetDouble(o + 9));

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static IReadOnlyList<string> Split(string? joined) =>
        string.IsNullOrEmpty(joined) ? [] : joined.Split(Separator).Order(StringComparer.Ordinal).ToList();
}
