using System.Globalization;
using Google.Protobuf.Collections;
using KnowledgeBase.Model;
using KnowledgeBase.Text.Time;
using Qdrant.Client.Grpc;

namespace KnowledgeBase.Storage.Qdrant;

/// <summary>
/// Payload field names and the mapping between records and payloads.
/// <para>
/// A collection holds three kinds of points (field <c>kind</c>): <c>passage</c> points carry the sparse/dense vectors;
/// <c>page</c> points hold page text; one <c>document</c> point per document holds the document record. Every point
/// carries the document's filterable fields (denormalised), because Qdrant has no joins: the access filter must be
/// decidable on the passage point itself, inside the ranked query. The document point exists so a document can be
/// read, counted, listed, faceted and found by content hash in one filtered request, and it is written last so it
/// marks a complete write (see <see cref="QdrantKnowledgeStore.UpsertAsync"/>).
/// </para>
/// <para>
/// Passage points also carry their analysed terms as keyword arrays (<see cref="WordTerms"/>, <see cref="BigramTerms"/>):
/// the same terms the sparse vectors hold, but as strings Qdrant can filter and count on exactly. Sparse vectors cannot
/// be filtered on, and their hashed indices may collide; the arrays answer "which passages hold this term" for facet
/// counts under a query and for the term statistics that choose among translations.
/// </para>
/// </summary>
public static class QdrantPayload
{
    public const string Kind = "kind";
    public const string KindDocument = "document";
    public const string KindPassage = "passage";
    public const string KindPage = "page";

    public const string DocumentId = "document_id";
    public const string Generation = "generation";
    public const string Title = "title";
    public const string Source = "source";
    public const string ContentHash = "content_hash";
    public const string MediaType = "media_type";
    public const string PageCount = "page_count";
    public const string PassageCount = "passage_count";
    public const string IngestedAt = "ingested_at";
    public const string Author = "author";
    public const string Organisation = "organisation";
    public const string Year = "year";
    /// <summary>The issue date as yyyy-MM-dd (sorts as text).</summary>
    public const string IssuedOn = "issued_on";
    public const string DocumentType = "doc_type";
    public const string Language = "language";
    public const string Tags = "tags";
    public const string Visibility = "visibility";
    public const string SharedWith = "shared_with";
    public const string OwnerOrganisation = "owner_org";
    public const string PendingReview = "pending_review";

    public const string PassageId = "passage_id";
    public const string Ordinal = "ordinal";
    public const string Page = "page";
    public const string PageEnd = "page_end";
    public const string StartOffset = "start_offset";
    public const string EndOffset = "end_offset";
    public const string HeadingPath = "heading_path";
    public const string Text = "text";
    /// <summary>The OCR confidence of a passage read from a page image; absent for text-layer passages.</summary>
    public const string OcrConfidence = "ocr_confidence";
    /// <summary>Normalised text tokenised for phrase matching (<see cref="PhraseText"/>); never read back.</summary>
    public const string PhraseTokens = "phrase_text";
    public const string PageNumber = "number";
    /// <summary>Distinct analysed words of the passage's title, headings and text (the word index's terms); never read back.</summary>
    public const string WordTerms = "word_terms";
    /// <summary>Distinct Han bigrams of the passage's title and text (the bigram index's terms); never read back.</summary>
    public const string BigramTerms = "bigram_terms";
    /// <summary><see cref="DocumentRecord.IngestedAt"/> as UTC ticks on the document point: the integer key listings order by.</summary>
    public const string IngestedTicks = "ingested_ticks";

    /// <summary>
    /// The year a passage speaks from (<see cref="PassageTime.DocumentYear"/>: its document's year, or the single year its
    /// title names), on passage points: what the <see cref="Retrieval.Signal.DocumentTime"/> ranking admits by range.
    /// </summary>
    public const string TimeDocumentYear = "time_document_year";
    /// <summary>The years a passage states (<see cref="PassageTime.StatedYears"/>), an integer array: the passage-year facet, and "states any year".</summary>
    public const string TimeYears = "time_years";
    /// <summary>
    /// The same years, each with the length of the shortest expression that states it, as <c>year × 100 + length</c>
    /// (length capped at 99): "states 2008 by an expression of at most two years" is the range 200801–200802, so the
    /// <see cref="Retrieval.Signal.Time"/> ranking's condition is a few integer ranges on one indexed field.
    /// </summary>
    public const string TimeYearSpans = "time_year_spans";
    /// <summary>The resolved expressions with offsets (<see cref="TimeMentionCodec"/>), read back for "今年 (2025)" in results.</summary>
    public const string TimeMentions = "time_mentions";

    /// <summary>Encodes a stated year with the length of its expression for <see cref="TimeYearSpans"/>.</summary>
    public static long YearSpanKey(int year, int length) => year * 100L + Math.Clamp(length, 1, 99);

    /// <summary>Fields kept for filtering only; every read leaves them out, as they are the bulk of a passage's payload.</summary>
    public static readonly IReadOnlyList<string> IndexOnlyFields = [PhraseTokens, WordTerms, BigramTerms, TimeYearSpans];

    /// <summary>The payload selector of every read: everything but <see cref="IndexOnlyFields"/>.</summary>
    public static WithPayloadSelector Readable() => new() { Exclude = new PayloadExcludeSelector { Fields = { IndexOnlyFields } } };

    public static string VisibilityName(Visibility visibility) => visibility.Name();

    /// <summary>The document's fields, present on every point of the document.</summary>
    public static void AddDocument(MapField<string, Value> payload, DocumentRecord d, int passageCount, string generation)
    {
        var m = d.Metadata;
        payload[DocumentId] = d.Id;
        payload[Generation] = generation;
        payload[Title] = d.Title;
        payload[Source] = d.Source;
        payload[ContentHash] = d.ContentHash;
        payload[MediaType] = d.MediaType;
        payload[PageCount] = d.PageCount;
        payload[PassageCount] = passageCount;
        payload[IngestedAt] = d.IngestedAt.ToString("O", CultureInfo.InvariantCulture);
        // Absent rather than null: a missing field never matches a keyword or range condition, like NULL in SQL.
        if (m.Author is not null) payload[Author] = m.Author;
        if (m.Organisation is not null) payload[Organisation] = m.Organisation;
        if (m.Year is { } year) payload[Year] = year;
        if (m.IssuedOn is { } issued) payload[IssuedOn] = issued.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (m.DocumentType is not null) payload[DocumentType] = m.DocumentType;
        if (m.Language is not null) payload[Language] = m.Language;
        payload[Tags] = m.Tags.Distinct().ToArray();
        payload[Visibility] = VisibilityName(m.Visibility);
        payload[SharedWith] = m.SharedWith.Distinct().ToArray();
        if (m.OwnerOrganisation is not null) payload[OwnerOrganisation] = m.OwnerOrganisation;
        payload[PendingReview] = m.PendingReview;
    }

    /// <summary>Marks the point as the document's own point, with the key listings sort by.</summary>
    public static void AddDocumentPoint(MapField<string, Value> payload, DocumentRecord d)
    {
        payload[Kind] = KindDocument;
        payload[IngestedTicks] = d.IngestedAt.UtcTicks;
    }

    /// <summary>The analysed terms of a passage, each once, in ordinal order.</summary>
    public static void AddTerms(MapField<string, Value> payload, IEnumerable<string> words, IEnumerable<string> bigrams)
    {
        payload[WordTerms] = words.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        payload[BigramTerms] = bigrams.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    public static void AddPassage(MapField<string, Value> payload, Passage p, string normalizedText)
    {
        payload[Kind] = KindPassage;
        payload[PassageId] = p.Id;
        payload[Ordinal] = p.Ordinal;
        payload[Page] = p.Page;
        payload[PageEnd] = p.PageEnd;
        payload[StartOffset] = p.StartOffset;
        payload[EndOffset] = p.EndOffset;
        payload[HeadingPath] = p.HeadingPath;
        payload[Text] = p.Text;
        if (p.OcrConfidence is { } confidence) payload[OcrConfidence] = confidence;
        payload[PhraseTokens] = PhraseText.Tokens(normalizedText);
    }

    /// <summary>When the passage speaks (see <see cref="TimeDocumentYear"/>, <see cref="TimeYears"/>, <see cref="TimeYearSpans"/>, <see cref="TimeMentions"/>).</summary>
    public static void AddTime(MapField<string, Value> payload, PassageTime time)
    {
        if (time.DocumentYear is { } year) payload[TimeDocumentYear] = year;
        var stated = time.StatedYears();
        if (stated.Count > 0)
        {
            payload[TimeYears] = Integers(stated.Select(s => (long)s.Year));
            payload[TimeYearSpans] = Integers(stated.Select(s => YearSpanKey(s.Year, s.SpanLength)));
        }
        if (time.Mentions.Count > 0) payload[TimeMentions] = TimeMentionCodec.Serialize(time.Mentions);
    }

    private static Value Integers(IEnumerable<long> values)
    {
        var list = new ListValue();
        foreach (var v in values) list.Values.Add(new Value { IntegerValue = v });
        return new Value { ListValue = list };
    }

    /// <summary>The resolved expressions of a passage point, their texts cut from <paramref name="passageText"/>.</summary>
    public static IReadOnlyList<TimeMention> ReadTimes(MapField<string, Value> p, string passageText) =>
        String(p, TimeMentions) is { Length: > 0 } json ? TimeMentionCodec.Deserialize(json, passageText) : [];

    public static DocumentRecord ReadDocument(MapField<string, Value> p) => new(
        Id: String(p, DocumentId)!,
        Title: String(p, Title) ?? "",
        Source: String(p, Source) ?? "",
        ContentHash: String(p, ContentHash) ?? "",
        MediaType: String(p, MediaType) ?? "",
        PageCount: (int)Integer(p, PageCount).GetValueOrDefault(),
        PassageCount: (int)Integer(p, PassageCount).GetValueOrDefault(),
        Metadata: new DocumentMetadata
        {
            Title = String(p, Title),
            Author = String(p, Author),
            Organisation = String(p, Organisation),
            Year = Integer(p, Year) is { } y ? (int)y : null,
            IssuedOn = DateOnly.TryParseExact(String(p, IssuedOn), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var issued) ? issued : null,
            DocumentType = String(p, DocumentType),
            Language = String(p, Language),
            Tags = Strings(p, Tags),
            Visibility = Enum.TryParse<Visibility>(String(p, Visibility), ignoreCase: true, out var v) ? v : Model.Visibility.Restricted,
            SharedWith = Strings(p, SharedWith),
            OwnerOrganisation = String(p, OwnerOrganisation),
            PendingReview = p.TryGetValue(PendingReview, out var pending) && pending.BoolValue,
        },
        IngestedAt: DateTimeOffset.Parse(String(p, IngestedAt) ?? "0001-01-01T00:00:00Z", CultureInfo.InvariantCulture));

    public static Passage ReadPassage(MapField<string, Value> p) => new(
        String(p, PassageId)!,
        String(p, DocumentId)!,
        (int)Integer(p, Ordinal).GetValueOrDefault(),
        (int)Integer(p, Page).GetValueOrDefault(),
        (int)Integer(p, PageEnd).GetValueOrDefault(),
        (int)Integer(p, StartOffset).GetValueOrDefault(),
        (int)Integer(p, EndOffset).GetValueOrDefault(),
        String(p, HeadingPath) ?? "",
        String(p, Text) ?? "",
        Double(p, OcrConfidence));

    /// <summary>The document point's listing key (<see cref="IngestedTicks"/>), or the ticks of its ingest time if absent.</summary>
    public static long ReadIngestedTicks(MapField<string, Value> p) =>
        Integer(p, IngestedTicks) ?? ReadDocument(p).IngestedAt.UtcTicks;

    private static string? String(MapField<string, Value> p, string key) =>
        p.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.StringValue ? v.StringValue : null;

    private static double? Double(MapField<string, Value> p, string key) =>
        p.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.DoubleValue ? v.DoubleValue : null;

    private static long? Integer(MapField<string, Value> p, string key) =>
        p.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.IntegerValue ? v.IntegerValue : null;

    /// <summary>Sorted like the embedded store returns them, so both stores give equal records.</summary>
    private static IReadOnlyList<string> Strings(MapField<string, Value> p, string key) =>
        p.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.ListValue
            ? v.ListValue.Values.Where(x => x.KindCase == Value.KindOneofCase.StringValue).Select(x => x.StringValue).Order(StringComparer.Ordinal).ToList()
            : [];
}
