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

/// <summary>
/// The names a caller writes for a <see cref="Visibility"/> (<c>public</c>, <c>internal</c>, <c>restricted</c>). Only
/// these are accepted: <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would also take numbers ("1") and
/// comma-joined combinations ("public,internal"), which name no visibility a person chose.
/// </summary>
public static class VisibilityNames
{
    public static IReadOnlyList<string> All { get; } = ["public", "internal", "restricted"];

    public static string Name(this Visibility visibility) => visibility switch
    {
        Visibility.Public => "public",
        Visibility.Internal => "internal",
        Visibility.Restricted => "restricted",
        _ => throw new ArgumentOutOfRangeException(nameof(visibility)),
    };

    /// <summary>One of the names in <see cref="All"/>, ignoring case and surrounding space.</summary>
    public static bool TryParse(string? text, out Visibility visibility)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "public": visibility = Visibility.Public; return true;
            case "internal": visibility = Visibility.Internal; return true;
            case "restricted": visibility = Visibility.Restricted; return true;
            default: visibility = default; return false;
        }
    }

    /// <summary>The refusal for anything else, listing the accepted names.</summary>
    public static string Expected(string field) => $"{field} must be one of: {string.Join(", ", All)}.";
}
