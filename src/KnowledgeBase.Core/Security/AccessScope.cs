using KnowledgeBase.Model;

namespace KnowledgeBase.Security;

/// <summary>
/// What a caller may see. Stores translate it into a filter that runs inside the search query
/// (SQL predicate, Qdrant payload filter), so nothing invisible is ever scored, counted or returned.
/// </summary>
/// <param name="SeesInternal">Members and staff see <see cref="Visibility.Internal"/> documents.</param>
/// <param name="SeesEverything">Staff and admins see every document, pending reviews included.</param>
/// <param name="Organisation">A partner's organisation: it sees documents restricted to it and its own uploads.</param>
/// <remarks>
/// Ownership widens a partner's view to its organisation's own uploads only, never to documents others restricted: an
/// upload is the organisation's own when the organisation owns it and either it still waits for review (only partner
/// uploads ever do) or the organisation is among those it is shared with (every partner upload lists its own). An owner
/// alone, as documents uploaded through organisation-bound staff keys carry, opens nothing: a document restricted to
/// one organisation is never visible to another organisation's partners, whatever its owner.
/// </remarks>
public sealed record AccessScope(bool SeesInternal, bool SeesEverything, string? Organisation)
{
    /// <summary>Local tools (CLI, evaluation) that own the data directory.</summary>
    public static AccessScope Everything { get; } = new(true, true, null);

    /// <summary>Anonymous callers: approved public documents only.</summary>
    public static AccessScope PublicOnly { get; } = new(false, false, null);

    /// <summary>A partner of <paramref name="organisation"/>: approved public documents, those shared with it, its own uploads.</summary>
    public static AccessScope Partner(string organisation) => new(false, false, organisation);

    /// <summary>
    /// What the party that submitted a document with this metadata may see: a partner's upload carries its organisation as
    /// owner and is pending review; anything else comes from staff, admins or local tools, which see everything.
    /// </summary>
    public static AccessScope OfSubmitter(DocumentMetadata? metadata) =>
        metadata is { OwnerOrganisation: { } owner, PendingReview: true } ? Partner(owner) : Everything;

    /// <summary>Whether a single document is visible in this scope; the same rule the stores express as a query filter.</summary>
    public bool CanSee(DocumentMetadata m)
    {
        if (SeesEverything) return true;
        var sharedWithMe = Organisation is not null && m.SharedWith.Contains(Organisation);
        var own = Organisation is not null && string.Equals(m.OwnerOrganisation, Organisation, StringComparison.Ordinal)
            && (m.PendingReview || sharedWithMe);
        if (own) return true;
        if (m.PendingReview) return false;
        return m.Visibility switch
        {
            Visibility.Public => true,
            Visibility.Internal => SeesInternal,
            Visibility.Restricted => sharedWithMe,
            _ => false,
        };
    }
}
