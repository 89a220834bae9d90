namespace KnowledgeBase.Api;

/// <summary>Limits of the HTTP API (section <c>KnowledgeBase:Api</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "KnowledgeBase:Api";

    /// <summary>Largest upload accepted, in bytes (default 50 MiB); larger requests get 413.</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Requests per minute to <c>/api/*</c> for one API key (or one IP address when anonymous).</summary>
    public int RequestsPerMinute { get; set; } = 300;

    /// <summary>Uploads per minute for one API key.</summary>
    public int UploadsPerMinute { get; set; } = 30;

    /// <summary>Failed sign-ins (wrong or revoked keys) per minute from one client address before its key-bearing requests get 429.</summary>
    public int FailedSignInsPerMinute { get; set; } = 10;

    /// <summary>How long an idle page session lasts (sliding); the cookie itself ends with the browser session.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Time limit of one search, "similar", listing or answer (default 30 s; answers add the chat model's timeout when one
    /// is configured). Past it the request's work is cancelled and the caller gets 503.
    /// </summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Run the ingest worker inside the API process (default); false when a separate worker process takes the jobs.</summary>
    public bool InProcessWorker { get; set; } = true;
}

/// <summary>Optional chat model for <c>POST /api/ask</c> (section <c>KnowledgeBase:Chat</c>), any OpenAI-compatible endpoint.</summary>
public sealed class ChatOptions
{
    public const string Section = "KnowledgeBase:Chat";

    /// <summary>Base URL such as <c>http://127.0.0.1:11434/v1</c> (Ollama) or a DeepSeek/Qwen endpoint; empty disables the chat path.</summary>
    public string? Endpoint { get; set; }

    public string Model { get; set; } = "qwen2.5";

    /// <summary>Key of the chat endpoint; supply it through configuration or the environment, never the repository.</summary>
    public string? ApiKey { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);
}

/// <summary>Optional JWT bearer sign-in (section <c>KnowledgeBase:Jwt</c>) for deployments with an identity provider.</summary>
public sealed class JwtOptions
{
    public const string Section = "KnowledgeBase:Jwt";

    /// <summary>The OpenID Connect authority; JWT bearer is enabled only when this is set.</summary>
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    /// <summary>Claim carrying the role (member, staff, partner, admin).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Claim carrying a partner's organisation.</summary>
    public string OrganisationClaim { get; set; } = "org";

    public bool RequireHttpsMetadata { get; set; } = true;
}
