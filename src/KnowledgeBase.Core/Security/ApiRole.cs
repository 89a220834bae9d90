namespace KnowledgeBase.Security;

/// <summary>The roles a caller of the API can hold; each API key is bound to exactly one.</summary>
public enum ApiRole
{
    /// <summary>A conference member: reads public and internal documents.</summary>
    Member,
    /// <summary>Conference staff: sees everything, reviews partner uploads, manages documents.</summary>
    Staff,
    /// <summary>A partner think tank, bound to an organisation: reads public documents and those shared with it, uploads for review.</summary>
    Partner,
    /// <summary>Administrator: everything staff may do, plus managing API keys.</summary>
    Admin,
}

/// <summary>Parsing and naming of <see cref="ApiRole"/> as it appears in keys, tokens and the command line.</summary>
public static class ApiRoles
{
    public const string Member = "member";
    public const string Staff = "staff";
    public const string Partner = "partner";
    public const string Admin = "admin";

    /// <summary>The lower-case name used in claims and on the command line.</summary>
    public static string Name(this ApiRole role) => role switch
    {
        ApiRole.Member => Member,
        ApiRole.Staff => Staff,
        ApiRole.Partner => Partner,
        ApiRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? text, out ApiRole role)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case Member: role = ApiRole.Member; return true;
            case Staff: role = ApiRole.Staff; return true;
            case Partner: role = ApiRole.Partner; return true;
            case Admin: role = ApiRole.Admin; return true;
            default: role = default; return false;
        }
    }
}
