using System.CommandLine;
using KnowledgeBase.Api;
using KnowledgeBase.Hosting.Configuration;
using Microsoft.Extensions.Hosting;

namespace KnowledgeBase.Cli.Commands;

/// <summary>
/// <c>kb serve --data DIR [--urls URL]</c>: the search page and the HTTP API, the same host as
/// <c>KnowledgeBase.Api</c>, so one built <c>kb</c> does everything the README shows.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data(creates: true);
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where to listen (default {ApiHost.DefaultUrl}: this computer only). http://0.0.0.0:5080 listens on every network interface: see the README's 'On the office network' first.",
            HelpName = "URL",
        };
        var command = new Command("serve", """
            Serve the search page and the HTTP API over the knowledge base, with the ingest worker running in-process
            for uploads. Open the address it prints ("Now listening on"). Further settings as --Section:Key=value, e.g.
            --KnowledgeBase:Api:InProcessWorker=false or --Logging:Console:FormatterName=json (JSON log lines).
            Ctrl+C stops it.
            """) { data, urls };
        // Settings such as --Logging:Console:FormatterName=json go to the host's configuration as they are.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            var arguments = new List<string> { "--data", result.GetValue(data)! };
            if (result.GetValue(urls) is { } listen) arguments.AddRange(["--urls", listen]);
            arguments.AddRange(result.UnmatchedTokens);
            var app = ApiHost.Build([.. arguments]);
            await using (app)
            {
                app.Services.ValidateSettingsNow();
                await ((IHost)app).RunAsync(cancellationToken);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
