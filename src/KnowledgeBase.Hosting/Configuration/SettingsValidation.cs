using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Hosting.Configuration;

/// <summary>Registers a validator for a settings class and has it run when the host starts (<c>ValidateOnStart</c>).</summary>
public static class SettingsValidation
{
    public static IServiceCollection AddSettingsValidation<TOptions, TValidator>(this IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.AddOptions<TOptions>().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Runs the start-up validation in a process without a host (the CLI), as <c>IHost.StartAsync</c> does for the API
    /// and the worker. Throws <see cref="OptionsValidationException"/> naming the settings.
    /// </summary>
    public static void ValidateSettingsNow(this IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();

    /// <summary>
    /// The message for a person when start-up failed because of a setting: a validation failure or a value that does
    /// not convert (<c>Failed to convert configuration value at 'KnowledgeBase:Api:MaxUploadBytes'</c>). Null for any
    /// other exception, which is a fault rather than a setting.
    /// </summary>
    public static string? DescribeSettingError(Exception exception) => exception switch
    {
        OptionsValidationException e => string.Join("; ", e.Failures),
        AggregateException { InnerExceptions: var inner } when inner.All(i => DescribeSettingError(i) is not null) =>
            string.Join("; ", inner.Select(i => DescribeSettingError(i))),
        InvalidOperationException e when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            e.Message + (e.InnerException is { } cause ? $" ({cause.Message})" : ""),
        _ => null,
    };
}
