using KnowledgeBase.Model;

namespace KnowledgeBase.Security;

/// <summary>
/// What a caller may see. Stores translate it into a filter that runs inside the search query
/// (SQL predicate, Qdrant payload filter), so nothing invisible is ever scored, counted or returned.
/// </summary>
/// <param name="SeesInternal">Members and staff see <see cref="Visibility.Internal"/> documents.</param>
/// <param name="SeesEverything">Staff and admins see every document, pending reviews included.</param>
/// <param name="Organisation">A partner's organisation: it sees documents restricted to it and its own uploads.</param>
public sealed record AccessScope(bool SeesInternal, bool SeesEverything, string? Organisation)
{
    /// <summary>Local tools (CLI, evaluation) that own the data directory.</summary>
    public static AccessScope Everything { get; } = new(true, true, null);

    /// <summary>Anonymous callers: approved public documents only.</summary>
    public static AccessScope PublicOnly { get; } = new(false, false, null);

    /// <summary>Whether a single document is visible in this scope; the same rule the stores express as a query filter.</summary>
    public bool CanSee(DocumentMetadata m)
    {
        if (SeesEverything) return true;
        var own = Organisation is not null && string.Equals(m.OwnerOrganisation, Organisation, StringComparison.Ordinal);
        if (own) return true;
        if (m.PendingReview) return false;
        return m.Visibility switch
        {
            Visibility.Public => true,
            Visibility.Internal => SeesInternal,
            Visibility.Restricted => Organisation is not null && m.SharedWith.Contains(Organisation),
            _ => false,
        };
    }
}
