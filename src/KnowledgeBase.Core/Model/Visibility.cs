namespace KnowledgeBase.Model;

/// <summary>Who may see a document. Enforced inside every store's search, never after it.</summary>
public enum Visibility
{
    /// <summary>Everyone, partners included.</summary>
    Public,
    /// <summary>Members and staff of the conference only.</summary>
    Internal,
    /// <summary>Staff, plus the organisations listed in <see cref="DocumentMetadata.SharedWith"/>.</summary>
    Restricted,
}
