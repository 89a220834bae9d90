namespace KnowledgeBase.Cli.Output;

/// <summary>
/// ANSI styles for stdout when it is a terminal; none when it is redirected, when NO_COLOR is set or TERM is dumb.
/// Written directly rather than through Spectre.Console's markup, which wraps lines at the console width (80 columns
/// when piped, cutting words) and whose first render cost a cold search ~80 ms.
/// </summary>
internal static class ConsoleStyle
{
    public const string Bold = "1", Grey = "90", Match = "1;33", Green = "32", Red = "31";

    public static bool Enabled { get; } = !Console.IsOutputRedirected
                                          && Environment.GetEnvironmentVariable("NO_COLOR") is null or ""
                                          && Environment.GetEnvironmentVariable("TERM") != "dumb";

    public static string Apply(string text, string sgr) => Enabled ? $"\e[{sgr}m{text}\e[0m" : text;
}
