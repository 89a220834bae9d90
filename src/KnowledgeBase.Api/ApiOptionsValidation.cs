using KnowledgeBase.Hosting.Configuration;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Api;

/// <summary><c>KnowledgeBase:Api</c>: limits and sessions.</summary>
internal sealed class ApiOptionsValidation : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions o) => new SettingChecks(ApiOptions.Section)
        .Positive(o.MaxUploadBytes, nameof(o.MaxUploadBytes))
        .Positive(o.RequestsPerMinute, nameof(o.RequestsPerMinute))
        .Positive(o.UploadsPerMinute, nameof(o.UploadsPerMinute))
        .Positive(o.FailedSignInsPerMinute, nameof(o.FailedSignInsPerMinute))
        .Positive(o.SessionLifetime, nameof(o.SessionLifetime))
        .Result;
}

/// <summary><c>KnowledgeBase:Chat</c>: the optional chat model behind <c>/api/ask</c>.</summary>
internal sealed class ChatOptionsValidation : IValidateOptions<ChatOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatOptions o) => new SettingChecks(ChatOptions.Section)
        .HttpUrl(o.Endpoint, nameof(o.Endpoint), optional: true)
        .That(!o.IsConfigured || !string.IsNullOrWhiteSpace(o.Model), nameof(o.Model), "must be set when Endpoint is", o.Model)
        .Positive(o.Timeout, nameof(o.Timeout))
        .Result;
}

/// <summary><c>KnowledgeBase:Jwt</c>: optional bearer sign-in.</summary>
internal sealed class JwtOptionsValidation : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions o) => new SettingChecks(JwtOptions.Section)
        .HttpUrl(o.Authority, nameof(o.Authority), optional: true)
        .Required(o.RoleClaim, nameof(o.RoleClaim))
        .Required(o.OrganisationClaim, nameof(o.OrganisationClaim))
        .Result;
}
