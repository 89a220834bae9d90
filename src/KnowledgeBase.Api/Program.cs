using KnowledgeBase.Api;
using KnowledgeBase.Hosting.Configuration;

try
{
    var app = ApiHost.Build(args);
    // Before the host starts, so a bad setting is reported here alone rather than also as a host failure with a stack trace.
    app.Services.ValidateSettingsNow();
    app.Run();
    return 0;
}
catch (Exception e) when (SettingsValidation.DescribeSettingError(e) is { } setting)
{
    // A mistyped setting is the user's to fix: one line naming it, not a stack trace.
    Console.Error.WriteLine($"KnowledgeBase.Api: invalid setting: {setting}");
    return 1;
}
