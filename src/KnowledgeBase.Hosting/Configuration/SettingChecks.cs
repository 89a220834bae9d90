using System.Globalization;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Hosting.Configuration;

/// <summary>
/// Collects what is wrong with one settings section, each message naming the setting by its configuration key
/// (<c>KnowledgeBase:Api:MaxUploadBytes must be greater than 0 (is 0)</c>), so the person who mistyped it finds it in
/// appsettings.json, an environment variable (<c>KnowledgeBase__Api__MaxUploadBytes</c>) or the command line.
/// </summary>
public sealed class SettingChecks(string section)
{
    private readonly List<string> _failures = [];

    private string Key(string name) => $"{section}:{name}";

    private SettingChecks Fail(string name, string rule, object? value)
    {
        _failures.Add($"{Key(name)} {rule} (is {Show(value)})");
        return this;
    }

    private static string Show(object? value) => value switch
    {
        null => "not set",
        string s => s.Length == 0 ? "empty" : $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public SettingChecks Positive(long value, string name) => value > 0 ? this : Fail(name, "must be greater than 0", value);

    public SettingChecks Positive(double value, string name) => value > 0 ? this : Fail(name, "must be greater than 0", value);

    public SettingChecks Positive(TimeSpan value, string name) => value > TimeSpan.Zero ? this : Fail(name, "must be a positive duration such as 00:00:30", value);

    public SettingChecks NotNegative(long value, string name) => value >= 0 ? this : Fail(name, "must not be negative", value);

    public SettingChecks NotNegative(TimeSpan value, string name) => value >= TimeSpan.Zero ? this : Fail(name, "must not be negative", value);

    public SettingChecks Between(double value, double min, double max, string name) =>
        value >= min && value <= max ? this : Fail(name, $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}", value);

    public SettingChecks Required(string? value, string name) => !string.IsNullOrWhiteSpace(value) ? this : Fail(name, "must be set", value);

    public SettingChecks OneOf(string? value, string name, params string[] allowed) =>
        allowed.Contains(value, StringComparer.OrdinalIgnoreCase) ? this : Fail(name, $"must be one of {string.Join(", ", allowed)}", value);

    /// <summary>An absolute http(s) URL; <paramref name="optional"/> lets it be empty.</summary>
    public SettingChecks HttpUrl(string? value, string name, bool optional = false)
    {
        if (optional && string.IsNullOrWhiteSpace(value)) return this;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? this
            : Fail(name, "must be an absolute http:// or https:// URL", value);
    }

    /// <summary>A rule between two settings, e.g. one size not above another.</summary>
    public SettingChecks That(bool holds, string name, string rule, object? value) => holds ? this : Fail(name, rule, value);

    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
}
