namespace KnowledgeBase.Text;

/// <summary>
/// Locates the data files shipped beside the application (jieba dictionaries, policy vocabulary, lexicons). A shipped
/// file that is missing is an installation fault, not an empty list: every read goes through <see cref="Require"/>,
/// which throws with the path (as Lucene's analyzers fail when their default stop set cannot be loaded), because an
/// empty dictionary or variant map would silently index different terms than the queries look for.
/// </summary>
public sealed class ResourceFiles(string? directory = null)
{
    /// <summary>The resource folder.</summary>
    public string Directory { get; } = directory ?? Path.Combine(AppContext.BaseDirectory, "Resources");

    /// <summary>jieba.NET's own dictionaries.</summary>
    public string JiebaDirectory => Path.Combine(Directory, "jieba");

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>The full path of a shipped file; throws <see cref="MissingResourceFileException"/> when it is not there.</summary>
    public string Require(string relative) => MissingResourceFileException.ThrowIfMissing(PathOf(relative));

    /// <summary>Reads a UTF-8 line file, skipping blank lines and <c>#</c> comments; throws when the file is missing.</summary>
    public IEnumerable<string> ReadLines(string relative) => ReadDataLines(Require(relative));

    /// <summary>The lines of a UTF-8 data file without blank lines, <c>#</c> comments and a byte-order mark.</summary>
    public static IEnumerable<string> ReadDataLines(string path)
    {
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line[0] == '#') continue;
            yield return line;
        }
    }
}

/// <summary>A data file the analysis chain needs is not where it should be (a shipped resource, or a configured user dictionary).</summary>
public sealed class MissingResourceFileException(string path, string message) : FileNotFoundException(message, path)
{
    /// <summary>Returns <paramref name="path"/> when the file exists; otherwise throws naming it and saying how to fix it.</summary>
    public static string ThrowIfMissing(string path) => File.Exists(path)
        ? path
        : throw new MissingResourceFileException(path,
            $"a resource file of the text analysis is missing: {path}. It ships with KnowledgeBase in the Resources folder beside the " +
            "application: reinstall, or point KnowledgeBase:Text:ResourceDirectory at a complete copy.");

    /// <summary>Like <see cref="ThrowIfMissing"/> for a dictionary the configuration names (<c>KnowledgeBase:Text:UserDictionaries</c>).</summary>
    public static string ThrowIfUserDictionaryMissing(string path) => File.Exists(path)
        ? path
        : throw new MissingResourceFileException(path,
            $"the user dictionary {Path.GetFullPath(path)} named in KnowledgeBase:Text:UserDictionaries does not exist: fix the path or remove the entry.");
}
