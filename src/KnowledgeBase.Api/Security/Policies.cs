namespace KnowledgeBase.Api.Security;

/// <summary>Names of the authorization policies endpoints require.</summary>
public static class Policies
{
    /// <summary>Partners (with an organisation), staff and admins may upload.</summary>
    public const string CanUpload = "CanUpload";

    /// <summary>Staff and admins: review, delete, re-index, all jobs.</summary>
    public const string Staff = "Staff";

    /// <summary>Admins: API keys.</summary>
    public const string Admin = "Admin";

    /// <summary>Any signed-in caller.</summary>
    public const string SignedIn = "SignedIn";
}
