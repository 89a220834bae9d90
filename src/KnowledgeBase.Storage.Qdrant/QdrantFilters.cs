using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Text.Time;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace KnowledgeBase.Storage.Qdrant;

/// <summary>
/// Translates a <see cref="SearchFilter"/> into a Qdrant payload filter. Every request that reads
/// points for a caller carries it, so Qdrant never scores, counts or returns a point the caller may not see —
/// the same rule as <see cref="AccessScope.CanSee"/> and the embedded store's SQL filter.
/// </summary>
public static class QdrantFilters
{
    /// <summary>Points of one kind that pass the filter.</summary>
    public static Filter Build(SearchFilter filter, string kind)
    {
        var result = new Filter();
        result.Must.Add(MatchKeyword(QdrantPayload.Kind, kind));
        if (Access(filter.Access) is { } access) result.Must.Add(access);
        if (filter.YearFrom is not null || filter.YearTo is not null)
        {
            var range = new global::Qdrant.Client.Grpc.Range();
            if (filter.YearFrom is { } from) range.Gte = from;
            if (filter.YearTo is { } to) range.Lte = to;
            result.Must.Add(Conditions.Range(QdrantPayload.Year, range));
        }
        if (filter.Language is { Length: > 0 } language) result.Must.Add(MatchKeyword(QdrantPayload.Language, language));
        if (filter.DocumentId is { Length: > 0 } id) result.Must.Add(MatchKeyword(QdrantPayload.DocumentId, id));
        if (filter.Organisations.Count > 0) result.Must.Add(Match(QdrantPayload.Organisation, filter.Organisations.ToList()));
        if (filter.DocumentTypes.Count > 0) result.Must.Add(Match(QdrantPayload.DocumentType, filter.DocumentTypes.ToList()));
        // Any of the tags, as the embedded store's EXISTS(... tag IN (...)).
        if (filter.Tags.Count > 0) result.Must.Add(Match(QdrantPayload.Tags, filter.Tags.ToList()));
        // The years a passage speaks about are on passage points only; document points carry the document's year.
        if (filter.PassageYears.Count > 0 && kind == QdrantPayload.KindPassage) result.Must.Add(SpeaksOf(filter.PassageYears));
        return result;
    }

    /// <summary>
    /// The visibility rule as one condition, or null when the scope sees everything:
    /// own organisation's uploads (owned and either pending or shared with it) OR, when approved: public, internal (if
    /// allowed), restricted to the caller's organisation.
    /// </summary>
    public static Condition? Access(AccessScope scope)
    {
        if (scope.SeesEverything) return null;
        var approved = new Filter();
        approved.Must.Add(Match(QdrantPayload.PendingReview, false));
        var visible = new Filter();
        visible.Should.Add(MatchKeyword(QdrantPayload.Visibility, QdrantPayload.VisibilityName(Visibility.Public)));
        if (scope.SeesInternal) visible.Should.Add(MatchKeyword(QdrantPayload.Visibility, QdrantPayload.VisibilityName(Visibility.Internal)));
        if (scope.Organisation is { } org)
        {
            var shared = new Filter();
            shared.Must.Add(MatchKeyword(QdrantPayload.Visibility, QdrantPayload.VisibilityName(Visibility.Restricted)));
            shared.Must.Add(MatchKeyword(QdrantPayload.SharedWith, org));
            visible.Should.Add(Conditions.Filter(shared));
        }
        approved.Must.Add(Conditions.Filter(visible));

        var any = new Filter();
        if (scope.Organisation is { } owner)
        {
            // Its own upload: owned, and pending or shared with it (an owner alone opens nothing, see AccessScope).
            var ownUpload = new Filter();
            ownUpload.Must.Add(MatchKeyword(QdrantPayload.OwnerOrganisation, owner));
            var pendingOrShared = new Filter();
            pendingOrShared.Should.Add(Match(QdrantPayload.PendingReview, true));
            pendingOrShared.Should.Add(MatchKeyword(QdrantPayload.SharedWith, owner));
            ownUpload.Must.Add(Conditions.Filter(pendingOrShared));
            any.Should.Add(Conditions.Filter(ownUpload));
        }
        any.Should.Add(Conditions.Filter(approved));
        return Conditions.Filter(any);
    }

    /// <summary>Quoted phrases must occur and excluded strings must not, tested by phrase match on <see cref="QdrantPayload.PhraseTokens"/>.</summary>
    public static void AddTextConstraints(Filter filter, RetrievalQuery query)
    {
        foreach (var phrase in query.RequiredPhrases)
        {
            var tokens = PhraseText.Tokens(phrase);
            if (tokens.Length > 0) filter.Must.Add(MatchPhrase(QdrantPayload.PhraseTokens, tokens));
        }
        foreach (var excluded in query.Excluded)
        {
            var tokens = PhraseText.Tokens(excluded);
            if (tokens.Length > 0) filter.MustNot.Add(MatchPhrase(QdrantPayload.PhraseTokens, tokens));
        }
    }

    /// <summary>
    /// Passages any lexical signal of the query matches: one of its words or expansions among the passage's analysed
    /// words, or one of its bigrams among its bigrams — the passages the sparse queries can score above zero, stated
    /// as a filter so they can be counted (a sparse vector cannot be filtered on).
    /// </summary>
    public static Condition AnyQueryTerm(RetrievalQuery query)
    {
        var any = new Filter();
        var words = query.Words.Concat(query.Expansions).Distinct(StringComparer.Ordinal).ToList();
        if (words.Count > 0) any.Should.Add(Match(QdrantPayload.WordTerms, words));
        var bigrams = query.Bigrams.Distinct(StringComparer.Ordinal).ToList();
        if (bigrams.Count > 0) any.Should.Add(Match(QdrantPayload.BigramTerms, bigrams));
        return Conditions.Filter(any);
    }

    /// <summary>Passages whose analysed words include every one of <paramref name="words"/>; all passages when there are none.</summary>
    public static Filter PassagesWithAllWords(IEnumerable<string> words)
    {
        var filter = new Filter();
        filter.Must.Add(MatchKeyword(QdrantPayload.Kind, QdrantPayload.KindPassage));
        foreach (var word in words.Distinct(StringComparer.Ordinal)) filter.Must.Add(MatchKeyword(QdrantPayload.WordTerms, word));
        return filter;
    }

    /// <summary>
    /// Passages that state a year of <paramref name="span"/> by an expression of at most <paramref name="atMost"/> years
    /// (<see cref="TimeConstraint.StatedIn"/>): one range of <see cref="QdrantPayload.TimeYearSpans"/> per year. Spans
    /// wider than <see cref="MaxYearConditions"/> years, or with no length bound below the stored cap, take one range of
    /// <see cref="QdrantPayload.TimeYears"/> instead.
    /// </summary>
    public static Condition StatedIn(YearSpan span, int atMost)
    {
        if (span.Length > MaxYearConditions || atMost >= PassageTime.MaxStatedSpan)
            return Conditions.Range(QdrantPayload.TimeYears, new global::Qdrant.Client.Grpc.Range { Gte = span.From, Lte = span.To });
        var any = new Filter();
        for (var year = span.From; year <= span.To; year++)
            any.Should.Add(Conditions.Range(QdrantPayload.TimeYearSpans, new global::Qdrant.Client.Grpc.Range
            {
                Gte = QdrantPayload.YearSpanKey(year, 1),
                Lte = QdrantPayload.YearSpanKey(year, Math.Max(1, atMost)),
            }));
        return Conditions.Filter(any);
    }

    /// <summary>The most per-year conditions <see cref="StatedIn"/> writes (a query names a decade at most, in practice).</summary>
    public const int MaxYearConditions = 12;

    /// <summary>Passages of documents dated inside <paramref name="span"/> (<see cref="TimeConstraint.DocumentIn"/>).</summary>
    public static Condition DocumentIn(YearSpan span) =>
        Conditions.Range(QdrantPayload.TimeDocumentYear, new global::Qdrant.Client.Grpc.Range { Gte = span.From, Lte = span.To });

    /// <summary>
    /// The <see cref="Retrieval.Signal.DocumentTime"/> condition: passages of documents dated in
    /// <see cref="TimeConstraint.DocumentIn"/> that, under <see cref="TimeConstraint.OwnTimeIn"/>, state no year of their
    /// own or state one of it.
    /// </summary>
    public static Condition DocumentTime(TimeConstraint time, YearSpan documents)
    {
        if (time.OwnTimeIn is not { } own) return DocumentIn(documents);
        var noYear = new Filter();
        noYear.MustNot.Add(AnyStated());
        var ownOrNone = new Filter();
        ownOrNone.Should.Add(Conditions.Filter(noYear));
        ownOrNone.Should.Add(StatedIn(own, int.MaxValue));
        var filter = new Filter();
        filter.Must.Add(DocumentIn(documents));
        filter.Must.Add(Conditions.Filter(ownOrNone));
        return Conditions.Filter(filter);
    }

    /// <summary>Passages that speak about any of <paramref name="years"/> (<see cref="SearchFilter.PassageYears"/>): one match-any on <see cref="QdrantPayload.TimeYears"/>.</summary>
    public static Condition SpeaksOf(IReadOnlyList<int> years) =>
        Match(QdrantPayload.TimeYears, years.Distinct().Select(y => (long)y).ToList());

    /// <summary>Passages that state any year (<see cref="TimeConstraint.AnyStated"/>).</summary>
    public static Condition AnyStated() =>
        Conditions.Range(QdrantPayload.TimeYears, new global::Qdrant.Client.Grpc.Range { Gte = int.MinValue });
}
