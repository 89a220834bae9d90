namespace KnowledgeBase.Text;

/// <summary>Locates the data files shipped beside the application (jieba dictionaries, policy vocabulary, lexicons).</summary>
public sealed class ResourceFiles(string? directory = null)
{
    /// <summary>The resource folder.</summary>
    public string Directory { get; } = directory ?? Path.Combine(AppContext.BaseDirectory, "Resources");

    /// <summary>jieba.NET's own dictionaries.</summary>
    public string JiebaDirectory => Path.Combine(Directory, "jieba");

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>Reads a UTF-8 line file, skipping blank lines and <c>#</c> comments.</summary>
    public IEnumerable<string> ReadLines(string relative)
    {
        var path = PathOf(relative);
        if (!File.Exists(path)) yield break;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line[0] == '#') continue;
            yield return line;
        }
    }
}
