using KnowledgeBase.Configuration;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Hosting.Configuration;

/// <summary>
/// Turns a relative <c>KnowledgeBase:DataDirectory</c> into an absolute path, once, against the working directory the
/// process was started in. Every consumer (the database, the originals under <c>files/</c>, upload staging, the API's
/// file responses) then names the same folder: a relative path handed on would be resolved by each against its own
/// base, and ASP.NET Core resolves a relative file result against the web root, not the working directory.
/// </summary>
internal sealed class DataDirectoryResolution(string startDirectory) : IPostConfigureOptions<KnowledgeBaseOptions>
{
    public void PostConfigure(string? name, KnowledgeBaseOptions options)
    {
        // An empty value is left as it is, for the options validation to report with the setting's name.
        if (string.IsNullOrWhiteSpace(options.DataDirectory)) return;
        options.DataDirectory = Path.GetFullPath(options.DataDirectory, startDirectory);
    }
}
